"""Wires paths, content, settings, the store and the window together: the one place where core meets UI."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from nsp_desktop import cli
from nsp_desktop.core import paths
from nsp_desktop.core.compile_cache import CompileCache, cache_file
from nsp_desktop.core.content import ContentError, load_toolkit
from nsp_desktop.core.settings import Settings

# For bench/window_mapped.py --phases: each step of start-up, on the bench's clock (CLOCK_MONOTONIC)
# and in CPU time used so far.
_TRACE = "NSP_DESKTOP_TRACE_STARTUP" in os.environ


def _mark(step: str) -> None:
    if _TRACE:
        import time  # deferred: only when start-up is traced

        wall, cpu = time.perf_counter() * 1000, time.process_time() * 1000
        print(f"startup-mark {step} {wall:.3f} {cpu:.3f}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """The `nsp-desktop` command: a verb runs in the CLI; with none, the window opens."""
    _mark("imported")
    try:
        args = cli.parse(sys.argv[1:] if argv is None else argv)
    except cli.Refused as refused:
        print(refused, file=sys.stderr)
        return 1
    _mark("parsed")
    return run(args) if cli.opens_app(args) else cli.run(args)


def run(args: argparse.Namespace) -> int:
    """Open the main window; returns the process exit code."""
    # Start-up makes a great many long-lived objects and next to no garbage, so the cycle
    # collector only delays the window. It resumes after the first paint, with everything
    # made so far frozen: later collections, while the person reads and types, skip it.
    gc.disable()
    try:
        return _run(args)
    except Exception as error:  # the boundary for start-up: a sentence, and the log in full
        return _unexpected(args, error)
    finally:
        gc.enable()


def _unexpected(args: argparse.Namespace, error: Exception) -> int:
    from nsp_desktop.core import log  # deferred: logging loads only when something went wrong

    log.start(paths.data_paths(args.data_dir).log_dir)
    _tell(log.unexpected(type(error), error, error.__traceback__))
    return 1


def _tell(message: str) -> None:
    """An unexpected error, told on stderr and, where a person can see one, in a message box."""
    print(message, file=sys.stderr)
    # deferred: verbs pass through main and never load Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None and app.platformName() != "offscreen":  # no one to close it there
        from nsp_desktop.ui.dialogs import dialogs  # deferred: message boxes only on failure

        dialogs.error(None, "Something went wrong", message)


def _start_log(folder: Path) -> None:
    """After the first paint: the log file, and uncaught errors on any thread go to it."""
    from nsp_desktop.core import log  # deferred: logging costs ~15 ms before the first paint

    log.start(folder)
    log.install_hooks(_tell)


def _collect_again() -> None:
    gc.freeze()
    gc.enable()


def _run(args: argparse.Namespace) -> int:
    # Qt's raster engine hands every fill of 96 or more lines (a scroll bar, a toolbar's
    # gradient) to a thread pool and waits: for fills the size of a window's parts the hand-off
    # costs more than the fill (~300 thread switches, ~5 ms before the first paint). Unset,
    # or set by the person, it stays as they chose.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    data = paths.data_paths(args.data_dir)
    seed = cache_file(paths.install_root() / "compiled")  # made at setup or build, if it was
    compiled = CompileCache(cache_file(data.cache_dir), seed=seed)
    with compiled.active():  # PySide6 compiles its embedded support on import: cached instead
        # deferred: verbs pass through main and never load Qt
        from PySide6.QtWidgets import QApplication

    _mark("qt-imported")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _mark("qapplication")
    app.setApplicationName("NSP Desktop")
    app.setDesktopFileName("nsp-desktop")
    content = Path(args.content) if args.content else paths.content_dir(data.data_dir)
    try:
        toolkit = load_toolkit(content)
    except ContentError as error:
        print(f"The toolkit content in {content} cannot be read:\n{error}", file=sys.stderr)
        if app.platformName() != "offscreen":  # no one would see (or close) a dialog there
            from nsp_desktop.ui.dialogs import dialogs  # deferred: message boxes only on failure

            dialogs.error(None, "The toolkit content cannot be read", str(error))
        return 2
    _mark("toolkit")
    try:
        data.ensure()
    except OSError as error:  # a data folder that cannot be made (under a read-only parent, say)
        return _store_failed(app, f"{data.data_dir} cannot be created: {error.strerror or error}")
    install_translation(app)
    from nsp_desktop.core import render  # deferred: Markdown's renderer only when a window opens
    from nsp_desktop.ui.main_window import MainWindow  # deferred: verbs never load the widgets
    from nsp_desktop.ui.termination import close_on_terminate  # deferred: as the window

    _mark("window-imported")
    cache = render.cache_file(data.cache_dir)
    render.load_cache(cache)
    _mark("render-cache")
    settings = Settings(data.settings_file)
    try:  # the store opens here if the first page shows ticks, else just after the first paint
        window = MainWindow(toolkit, settings, str(data.data_dir), store=_opener(data.data_dir))
    except Exception as error:
        from nsp_desktop.core.store import StoreError  # deferred: SQLite after the first paint

        if not isinstance(error, (StoreError, OSError)):
            raise
        return _store_failed(app, str(error))
    _mark("window-built")
    window.store_failed.connect(lambda message: app.exit(_store_failed(app, message)))
    window.tracking.announce_recovery = app.platformName() != "offscreen"  # no one to close it
    if args.exit_after_first_paint:
        window.on_screen.connect(lambda: (_report_first_paint(), app.exit(0)))
    from PySide6.QtCore import QTimer  # deferred: verbs never load Qt

    window.first_painted.connect(_collect_again)
    window.first_painted.connect(lambda: _keep_compiled(compiled))
    window.first_painted.connect(lambda: _start_log(data.log_dir))
    window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: _set_icon(app)))
    # Converting every page for the cache can wait until the window is up and settled
    # (or until quitting, for a session shorter than that).
    window.first_painted.connect(
        lambda: QTimer.singleShot(3000, lambda: _keep_render_cache(cache, window.toolkit))
    )
    app.aboutToQuit.connect(lambda: _keep_render_cache(cache, window.toolkit))  # its edition now
    if args.edition_pack:  # `nsp-desktop FILE.nsppack` (a double-click): once the window is up
        window.first_painted.connect(
            lambda: QTimer.singleShot(0, lambda: window.editions.open_pack(args.edition_pack))
        )
    if args.exit_when_search_ready:
        _report_search_ready(app, window)
    if not args.exit_after_first_paint:  # a start-up measurement quits before search is used
        window.first_painted.connect(lambda: window.start_search(data.cache_dir))
    # A logout's SIGTERM closes like a person would: the note being typed and settings saved.
    close_on_terminate(app, window)
    if _TRACE:
        window.on_screen.connect(lambda: _mark("painted"))
    window.show_restored()
    _mark("shown")
    return app.exec()


def _opener(folder: Path):
    """Opens the person's store, saying on stderr if a damaged one was set aside."""

    def open_store():
        from nsp_desktop.core.store import Store  # deferred: SQLite after the first paint

        store = Store.open(folder)
        notices = store.notices()
        if notices:
            from nsp_desktop.core import log  # deferred: logging loads only when there is news

            for notice in notices:
                log.logger.warning(notice)
                print(notice, file=sys.stderr)
        return store

    return open_store


def _store_failed(app, message: str) -> int:
    print(f"Your saved progress cannot be opened:\n{message}", file=sys.stderr)
    if app.platformName() != "offscreen":  # no one would see (or close) a dialog there
        from nsp_desktop.ui.dialogs import dialogs  # deferred: message boxes only on failure

        dialogs.error(None, "Your saved progress cannot be opened", message)
    return 3


def _report_first_paint() -> None:
    """For bench/startup.py: the moment of the first paint, with the CPU time spent until then."""
    import time  # deferred: only for the benchmarks' flags

    print(f"first-paint {time.process_time() * 1000:.1f}", flush=True)


def install_translation(app, folder: Path | None = None, languages: list[str] | None = None):
    """Load `folder`/nsp_desktop_<language>.qm for the first of the system's languages that has
    one (resources/translations by default); returns the installed QTranslator, or None."""
    from PySide6.QtCore import QLocale  # deferred: verbs never load Qt

    folder = folder or paths.resources_dir() / "translations"
    for name in languages if languages is not None else QLocale.system().uiLanguages():
        candidate = folder / f"nsp_desktop_{name.replace('-', '_')}.qm"
        if candidate.exists():
            from PySide6.QtCore import QTranslator  # deferred: only when a translation exists

            translator = QTranslator(app)
            if translator.load(str(candidate)):
                app.installTranslator(translator)
                return translator
    return None


_saved: set[tuple[Path, str, str]] = set()  # (cache, content folder, version) kept already


def _set_icon(app) -> None:
    # After the first paint: loading the SVG icon engine would otherwise delay it.
    from PySide6.QtGui import QIcon  # deferred: the SVG icon engine after the first paint

    icon = paths.resources_dir() / "icons" / "nsp-desktop.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _keep_render_cache(cache: Path, toolkit) -> None:
    from nsp_desktop.core import render  # deferred: Markdown's renderer only when a window opens

    kept = (cache, str(toolkit.root), toolkit.version)  # another edition put in use: kept again
    if kept in _saved:
        return
    _saved.add(kept)
    try:
        render.save_cache(cache, toolkit)
    except OSError:
        pass  # only a start-up speed-up: the next start converts the Markdown again


def _keep_compiled(compiled: CompileCache) -> None:
    """Written on a first start (or after PySide6 changed), then only read."""
    try:
        compiled.save()
    except OSError:
        pass  # only a start-up speed-up: the next start compiles PySide6's support again


def _report_search_ready(app, window) -> None:
    """For bench/search.py: print how long after the first paint search became usable, then quit."""
    import time  # deferred: only for the benchmarks' flags

    painted: list[float] = []
    window.on_screen.connect(lambda: painted.append(time.perf_counter()))

    def ready() -> None:
        print(f"search-ready {1000 * (time.perf_counter() - painted[0]):.1f}", flush=True)
        app.exit(0)

    window.search_panel.ready.connect(ready)
