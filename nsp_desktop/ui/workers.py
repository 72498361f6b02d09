"""Background work off the UI thread; the only module that starts threads. Results come as signals."""

from __future__ import annotations

import atexit
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, Signal

from nsp_desktop.core.models import Toolkit


class SearchIndexBuilder(QThread):
    """Imports Whoosh and builds the search index, then emits `built(index, problem)`.

    `problem` is "" or a message about the glossary, which is then left out: search without
    acronyms is better than no search. Any other failure emits `failed(message)`.
    """

    built = Signal(object, str)
    failed = Signal(str)

    def __init__(self, toolkit: Toolkit, cache_dir: Path | None = None, parent=None):
        super().__init__(parent)
        self.toolkit = toolkit
        self.cache_dir = cache_dir

    def run(self) -> None:
        try:
            # deferred: Whoosh (~200 ms) loads on the worker thread, after the first paint
            from nsp_desktop.core.glossary import Glossary, GlossaryError, load_glossary

            problem = ""
            try:
                root = self.toolkit.root  # the glossary lives with the content
                glossary = load_glossary(root) if root else Glossary()
            except GlossaryError as error:
                glossary, problem = Glossary(), str(error)
            # deferred: Whoosh (~200 ms) loads on the worker thread, after the first paint
            from nsp_desktop.core.search import SearchIndex

            index = SearchIndex.load_or_build(self.toolkit, glossary, self.cache_dir)
        except Exception as error:  # reported in the window; the reader keeps working
            self.failed.emit(f"{type(error).__name__}: {error}")
            return
        self.built.emit(index, problem)


class StoreJob(QThread):
    """Runs `job(store)` on a store opened in this thread (an SQLite connection belongs to the
    thread that opened it; opening one costs about a millisecond), then closes it and emits
    `done(result)`, or `failed(error)` with the exception the job raised."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, data_dir: Path, job: Callable, parent=None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.job = job

    def run(self) -> None:
        from nsp_desktop.core.store import Store  # deferred: SQLite after the first paint

        try:
            with Store.open(self.data_dir) as store:
                result = self.job(store)
        except Exception as error:  # the receiver explains it; the window keeps working
            self.failed.emit(error)
            return
        self.done.emit(result)


_running: set[QThread] = set()  # a QThread must outlive its run(): keep each until it ends


@atexit.register
def _wait_for_all() -> None:
    """A thread still running when Python tears down its objects would abort the process."""
    for worker in list(_running):
        worker.wait()


def start(worker: QThread) -> QThread:
    """Start `worker`, keeping it alive until it finishes and waiting for it when the app quits."""
    _running.add(worker)

    def forget() -> None:
        worker.wait()  # `finished` comes just before the thread really ends
        _running.discard(worker)

    worker.finished.connect(forget)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(worker.wait)
    worker.start()
    return worker
