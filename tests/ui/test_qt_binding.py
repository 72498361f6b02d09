"""Guards against a Qt binding that corrupts the interpreter in a long session."""

import sys

from PySide6.QtWidgets import QApplication


def test_static_calls_keep_none_alive(qapp):
    # PySide6 6.12.0 drops a reference to None on every static call that returns nothing; a
    # few thousand such calls (an hour of use, or a test run) then crash the interpreter.
    before = sys.getrefcount(None)
    for _ in range(200):
        QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 50
