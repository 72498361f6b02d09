"""The log file a person can attach to a bug report: rotating, in the platform's log folder (or
under --data-dir), written by the app and the CLI alike. Unexpected errors land here in full."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_NAME = "nsp-desktop.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

logger = logging.getLogger("nsp_desktop")
_file: list[Path] = []  # the log file once started


def start(folder: Path) -> Path | None:
    """Send nsp_desktop's log lines to `folder`/nsp-desktop.log (rotated at 1 MB, 3 kept).

    Idempotent for one folder; another folder takes over. None when the folder cannot be
    written: the app works on, logging to stderr.
    """
    path = Path(folder) / LOG_NAME
    if _file and _file[0] == path:
        return path
    stop()
    try:
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(path.parent)
        handler: logging.Handler = _LazyFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        path = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    if path is not None:
        _file.append(path)
    return path


class _LazyFileHandler(logging.handlers.RotatingFileHandler):
    """Makes its folder only when the first line is written: a run with nothing to say (a
    self-test, a verb that went well) leaves no trace on the machine."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        pass  # a log that cannot be written (a full or read-only disk) must not become an error


def stop() -> None:
    """Close the log file (tests, and before "Delete all my data" removes it)."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    _file.clear()


def where() -> Path | None:
    """The log file in use, if any."""
    return _file[0] if _file else None


def unexpected(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> str:
    """Log an error nobody caught, in full; returns the one line a person should read."""
    logger.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
    place = where()
    detail = f" Details are in {place}." if place else ""
    return f"NSP Desktop met an unexpected error: {kind.__name__}: {error}.{detail}"


def install_hooks(tell: Callable[[str], None]) -> None:
    """Uncaught errors, on any thread, are logged and told to the person by `tell` (one line)."""

    def on_error(kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        tell(unexpected(kind, error, trace))

    def on_thread_error(info: threading.ExceptHookArgs) -> None:
        if info.exc_value is not None:
            tell(unexpected(info.exc_type, info.exc_value, info.exc_traceback))

    sys.excepthook = on_error
    threading.excepthook = on_thread_error
