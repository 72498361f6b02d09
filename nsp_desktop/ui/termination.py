"""A polite end on SIGTERM or SIGHUP (a logout, a shutdown, `kill`): the same as closing the window.

Python runs signal handlers only between bytecodes, and Qt's event loop runs none while it waits;
`signal.set_wakeup_fd` writes a byte to a socket the event loop watches, so the handler runs at once.
"""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget

_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class _Terminator(QObject):
    def __init__(self, app: QApplication, window: QWidget):
        super().__init__(app)
        self.window = window
        self.app = app
        self.reader, writer = socket.socketpair()
        self.reader.setblocking(False)
        writer.setblocking(False)
        self.writer = writer  # kept alive as long as the wake-up fd points at it
        self.previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        self.notifier = QSocketNotifier(self.reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._drain)
        self.previous = {number: signal.signal(number, self._handle) for number in _SIGNALS}
        self.pending = False
        app.aboutToQuit.connect(self.uninstall)

    def _drain(self) -> None:
        try:
            while self.reader.recv(64):
                pass
        except OSError:
            pass
        if self.pending:
            self.pending = False
            self.window.close()  # saves the note being typed and the window's settings
            self.app.quit()

    def _handle(self, number, frame) -> None:
        self.pending = True  # acted on by _drain, inside the event loop

    def uninstall(self) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self.previous_fd)
        self.notifier.setEnabled(False)
        self.reader.close()
        self.writer.close()


def close_on_terminate(app: QApplication, window: QWidget) -> QObject:
    """From now on SIGTERM/SIGHUP/SIGINT close `window` (saving as a close does) and quit `app`.

    Returns the helper; it uninstalls itself when the application quits.
    """
    return _Terminator(app, window)
