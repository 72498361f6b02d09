"""An error in a slot, as a person would meet it: a sentence for them, the traceback in the log."""

import sys
import threading

import pytest
from PySide6.QtCore import QTimer

from nsp_desktop import app
from nsp_desktop.core import log


@pytest.fixture
def hooks_restored():
    saved = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = saved
    log.stop()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_told(qtbot, tmp_path, capsys, hooks_restored):
    app._start_log(tmp_path / "logs")

    def broken_slot():
        raise LookupError("no such page as 'moon'")

    QTimer.singleShot(0, broken_slot)
    qtbot.wait(50)
    told = capsys.readouterr().err
    assert "LookupError: no such page as 'moon'" in told and "Traceback" not in told
    assert str(tmp_path / "logs") in told
    logged = (tmp_path / "logs" / log.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in logged and "broken_slot" in logged


def test_an_error_on_another_thread_is_logged(tmp_path, capsys, hooks_restored):
    app._start_log(tmp_path / "logs")
    worker = threading.Thread(target=lambda: {}["missing"])
    worker.start()
    worker.join()
    assert "KeyError" in capsys.readouterr().err
    assert "KeyError" in (tmp_path / "logs" / log.LOG_NAME).read_text(encoding="utf-8")
