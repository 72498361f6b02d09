"""A translation file for the system's language is loaded and the window speaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nsp_desktop.app import install_translation

SPANISH = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context><name>MainWindow</name>
<message><source>Back</source><translation>Atrás</translation></message>
</context>
</TS>
"""


def lrelease() -> str | None:
    found = Path(sys.executable).parent / "pyside6-lrelease"
    return str(found) if found.exists() else shutil.which("pyside6-lrelease")


@pytest.mark.skipif(lrelease() is None, reason="pyside6-lrelease is not installed")
def test_a_spanish_translation_is_used_by_the_window(qtbot, make_window, tmp_path):
    source = tmp_path / "nsp_desktop_es.ts"
    source.write_text(SPANISH, encoding="utf-8")
    subprocess.run([lrelease(), str(source)], check=True, capture_output=True)
    app = QApplication.instance()
    assert install_translation(app, tmp_path, ["fr-FR"]) is None  # no file for French
    translator = install_translation(app, tmp_path, ["es-ES", "es"])
    assert translator is not None
    try:
        assert make_window().back_action.text() == "Atrás"
    finally:
        app.removeTranslator(translator)
    assert make_window().back_action.text() == "Back"
