"""Wires paths, content, settings and the window together: the one place where core meets UI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nsp_desktop import paths
from nsp_desktop.content import ContentError, load_toolkit
from nsp_desktop.settings import Settings


def run(args: argparse.Namespace) -> int:
    """Open the main window; returns the process exit code."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("NSP Desktop")
    app.setDesktopFileName("nsp-desktop")
    data = paths.data_paths(args.data_dir)
    content = Path(args.content) if args.content else paths.content_dir()
    try:
        toolkit = load_toolkit(content)
    except ContentError as error:
        from nsp_desktop.ui.dialogs import dialogs

        dialogs.error(None, "The toolkit content cannot be read", str(error))
        print(error, file=sys.stderr)
        return 2
    data.ensure()
    from nsp_desktop import render
    from nsp_desktop.ui.main_window import MainWindow

    cache = render.cache_file(data.cache_dir, toolkit)
    render.load_cache(cache)
    window = MainWindow(toolkit, Settings(data.settings_file))
    window.first_painted.connect(lambda: _keep_render_cache(cache, toolkit))
    window.first_painted.connect(lambda: _set_icon(app))
    if args.exit_after_first_paint:
        window.first_painted.connect(lambda: (print("first-paint", flush=True), app.exit(0)))
    window.show_restored()
    return app.exec()


def _set_icon(app) -> None:
    # After the first paint: loading the SVG icon engine would otherwise delay it.
    from PySide6.QtGui import QIcon

    icon = paths.resources_dir() / "icons" / "nsp-desktop.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _keep_render_cache(cache: Path, toolkit) -> None:
    from nsp_desktop import render

    try:
        render.save_cache(cache, toolkit)
    except OSError:
        pass  # only a start-up speed-up: the next start converts the Markdown again
