"""A store with known ticks, statuses, custom items and notes at fixed times, for export tests."""

from datetime import UTC, datetime
from itertools import count

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.store import Store, repository, schema
from tests.helpers import CONTENT

TOOLKIT = load_toolkit(CONTENT)
AS_OF = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)
DETENTION = "cancel-detention-contracts"
ALPR = "cancel-alpr-contracts"
SCHOOLS = "safe-schools"
HOSTILE = (
    'He said "no", then <script>alert(1)</script> & left; a, b, c\n'
    "second line, with 'quotes'\n"
    "Привет, 世界"
)


def fixed_clock(monkeypatch) -> None:
    """Make the store stamp 2026-01-01T09:00:00Z, 2026-01-02T09:00:00Z, ... in call order."""
    days = count(1)

    def clock() -> str:
        return f"2026-01-{next(days):02d}T09:00:00Z"

    for module in (repository, schema):
        monkeypatch.setattr(module, "now", clock)


def fill(store: Store, note: str = HOSTILE) -> int:
    """Progress in the current workspace: ticks, a status, a custom item, notes."""
    w = store.current_workspace().id
    store.set_done(w, DETENTION, "gather-contract-data", True, label="Gather relevant data")
    store.set_status(w, DETENTION, "drafting", owner="Cllr. Ortiz", due="2026-05-01")
    store.set_note(w, DETENTION, note)
    custom = store.add_item(w, DETENTION, 'Ask the clerk for the IGSA, "all pages"')
    store.set_done(w, DETENTION, custom, True, label="")
    store.add_item(w, DETENTION, "Brief the council")
    store.set_done(w, ALPR, "identify-contracts", True)
    store.set_note(w, SCHOOLS, "Talk to the school board first.")
    store.set_done(w, "policy-from-an-old-edition", "old-item", True, label="An old step")
    return w


def filled_store(data_dir, monkeypatch, note: str = HOSTILE) -> Store:
    fixed_clock(monkeypatch)
    store = Store.open(data_dir)
    fill(store, note)
    return store
