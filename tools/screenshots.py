"""Renders the main screens in every theme, offscreen, into docs/screenshots/ (re-run after UI changes).

    python tools/screenshots.py [OUT_DIR]

Each theme is switched to live, as a person would from View → Theme, so the pictures also show
that a live switch draws right. Uses a throwaway data folder with a little progress in it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QLocale  # noqa: E402, TID251 (a UI tool: after the platform is set)
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402, TID251

from nsp_desktop.core import help_pages, paths, themes  # noqa: E402
from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.settings import Settings  # noqa: E402
from nsp_desktop.core.store import Store  # noqa: E402
from nsp_desktop.ui import dialogs as dialogs_module  # noqa: E402
from nsp_desktop.ui.main_window import MainWindow  # noqa: E402

POLICY = "cancel-alpr-contracts"
SIZE = (1280, 800)


def settle(app: QApplication, until=lambda: True, seconds: float = 5.0) -> None:
    """Run the event loop until `until()` holds (or time runs out), then a little more."""
    end = time.monotonic() + seconds
    while not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    for _ in range(20):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def with_progress(window: MainWindow, app: QApplication) -> None:
    """Two of three ticked, a status, an owner and a due date on the policy shown."""
    window.open_page(POLICY)
    store = window.tracking.store
    workspace = window.tracking.workspace_id
    page = window.toolkit.page(POLICY)
    for item in page.items[:2]:
        store.set_done(workspace, POLICY, item.id, True, item.text)
    store.set_status(workspace, POLICY, "researching", owner="Cllr. Ortiz", due="2027-01-15")
    window.tracking._changed()
    settle(app)


def main(out: Path) -> None:
    QLocale.setDefault(QLocale("en_US"))
    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="nsp-shots-"))
    dialogs_module.dialogs.show_dialog = lambda dialog: dialog.show()  # never modal here
    toolkit = load_toolkit(paths.content_dir())
    window = MainWindow(toolkit, Settings(data / "settings.json"), str(data), Store.open(data))
    window.resize(*SIZE)
    window.show()
    window.first_painted.connect(lambda: window.start_search(None))
    settle(app, lambda: window.tracking.checklist is not None)
    settle(app, lambda: window.search_panel.index is not None, 20)
    with_progress(window, app)
    for theme in themes.THEMES:
        window.reading.set_theme(theme)  # live, as from the View menu
        window.open_page(help_pages.WELCOME)
        settle(app)
        save(window, out, f"{theme}-welcome")
        window.open_page(POLICY)
        settle(app)
        save(window, out, f"{theme}-policy")
        window.search.focus()
        window.search_panel.box.setText("detention contracts")
        window.search_panel.run_search()
        settle(app)
        save(window, out, f"{theme}-search")
        window.search_panel.clear()
        board = window.tracking.show_dashboard()
        settle(app)
        save(board, out, f"{theme}-dashboard")
        board.close()
        window.reading.set_meeting(True)
        settle(app)
        save(window, out, f"{theme}-meeting")
        window.reading.set_meeting(False)
        window.resize(*SIZE)
        settle(app)
        window.share_actions.export()
        dialog = window.share_actions.open_dialog
        settle(app, dialog.isVisible)
        save(dialog, out, f"{theme}-export")
        dialog.reject()
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
