"""CSV exports never hand a spreadsheet a formula, whatever the person typed (OWASP CSV injection)."""

import csv
import io

import pytest

from nsp_desktop.core import export
from nsp_desktop.core.store import Store
from tests.sample_progress import AS_OF, DETENTION, TOOLKIT

STARTS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]


@pytest.mark.parametrize("excel", [False, True])
def test_no_cell_starts_like_a_formula(tmp_path, excel):
    with Store.open(tmp_path) as store:
        w = store.create_workspace("=cmd|' /C calc'!A0").id
        store.set_note(w, DETENTION, '=HYPERLINK("http://x","click")')
        store.set_status(w, DETENTION, "drafting", owner="@SUM(1+1)", due="+1")
        for start in STARTS:
            store.add_item(w, DETENTION, f"{start}1+2 item")
        state = store.workspace_state(TOOLKIT, w)
    text = export.to_csv(TOOLKIT, state, export.Scope(policy_id=DETENTION), AS_OF, excel=excel)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(tuple(STARTS))]
    assert '\'=HYPERLINK("http://x","click")' in cells  # still readable, one apostrophe more
    assert "'＝1+2 item" in cells
