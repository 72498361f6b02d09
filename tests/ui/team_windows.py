"""Windows on data folders of their own, sharing a team folder: helpers for the team UI tests."""

from pathlib import Path

from PySide6.QtCore import Qt

from nsp_desktop.core.settings import Settings
from nsp_desktop.core.store import Store
from nsp_desktop.core.team import tables
from nsp_desktop.ui.team.controller import TeamController
from nsp_desktop.ui.team.syncing import BackgroundSync
from nsp_desktop.ui.tracking.checklist_panel import ITEM_ID
from tests.ui.conftest import TOOLKIT

POLICY = "cancel-detention-contracts"
ITEM = "gather-contract-data"


def open_window(qtbot, data_dir: Path):
    """A main window on `data_dir`, painted, with its team controller made."""
    from nsp_desktop.ui.main_window import MainWindow

    store = Store.open(data_dir)
    window = MainWindow(TOOLKIT, Settings(data_dir / "settings.json"), str(data_dir), store=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: getattr(window, "team", None) is not None, timeout=5000)
    return window


def quiet(monkeypatch) -> None:
    """No sync the test did not ask for (but the watcher's, which settles at once)."""
    monkeypatch.setattr(TeamController, "FIRST_SYNC_MS", 60_000)
    monkeypatch.setattr(BackgroundSync, "PUSH_AFTER_MS", 60_000)
    monkeypatch.setattr(BackgroundSync, "SETTLE_MS", 50)


def share(qtbot, window, folder: Path, name: str):
    """Track → Share…, with `folder` and `name`; returns the dialog once it has answered."""
    dialog = window.team.share()
    dialog.folder.setText(str(folder))
    dialog.name.setText(name)
    dialog.share_button.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible() or dialog.result(), timeout=10_000)
    return dialog


def shared(window) -> tables.Link | None:
    return tables.link(window.tracking.store.connection, window.tracking.workspace_id)


def sync(qtbot, window) -> dict:
    """Sync now and wait for the answer."""
    team = window.team
    qtbot.waitUntil(lambda: team.background.job is None, timeout=10_000)
    with qtbot.waitSignal(team.synced, timeout=10_000) as seen:
        team.sync_now()
    return seen.args[0]


def row(window, item_id: str = ITEM):
    items = window.tracking.checklist.items
    return next(
        items.item(n) for n in range(items.count()) if items.item(n).data(ITEM_ID) == item_id
    )


def checked(window, item_id: str = ITEM) -> bool:
    return row(window, item_id).checkState() == Qt.CheckState.Checked


def tick(window, done: bool, item_id: str = ITEM) -> None:
    """Tick (or untick) an item in the checklist panel, as a click on its box does."""
    state = Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
    row(window, item_id).setCheckState(state)
