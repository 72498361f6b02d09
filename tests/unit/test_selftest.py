"""`nsp-desktop --self-test`: passes from source, and a failing step is named with a non-zero exit."""

import io
import os
import subprocess
import sys

import pytest

from nsp_desktop.documents import selftest
from tests.helpers import CONTENT, ROOT, copy_content


def run_self_test(*extra: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "nsp_desktop", "--self-test", *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_self_test_from_source_passes_and_reports_counts():
    result = run_self_test()
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "self-test (source" in report
    assert "edition: December 2025" in report
    assert "18 pages: 6 priorities, 11 policies" in report
    assert "render   ok" in report
    assert "qt       ok" in report and "QTextBrowser on offscreen" in report
    assert "9 letters of 'ALPR Policy' drawn distinctly" in report
    assert "self-test passed" in report


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS offscreen reads the system's fonts")
def test_self_test_fails_when_every_glyph_is_a_box(tmp_path):
    # With no fonts Qt draws every character as the same missing-glyph box: the page still has
    # ink, so only a check of the glyphs themselves can tell (Windows offscreen without
    # QT_QPA_FONTDIR did exactly this, and the self-test passed).
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir>'
        f"<cachedir>{tmp_path / 'font-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    result = run_self_test(FONTCONFIG_FILE=str(fonts_conf), QT_QPA_FONTDIR=str(empty))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "qt       FAILED" in result.stdout
    assert "missing-glyph box" in result.stdout
    assert "self-test FAILED at step 'qt'" in result.stdout


def test_windows_offscreen_reads_the_system_fonts_folder_unless_told_otherwise(monkeypatch):
    from nsp_desktop.documents import offscreen  # imports Qt only inside its functions

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", "D:\\Windows")
    monkeypatch.delenv("QT_QPA_FONTDIR", raising=False)
    offscreen.use_system_fonts_on_windows()
    assert os.environ["QT_QPA_FONTDIR"] == "D:\\Windows\\Fonts"
    monkeypatch.setenv("QT_QPA_FONTDIR", "E:\\MyFonts")
    offscreen.use_system_fonts_on_windows()
    assert os.environ["QT_QPA_FONTDIR"] == "E:\\MyFonts"


def test_self_test_names_the_failing_step(tmp_path):
    broken = copy_content(tmp_path)
    (broken / "toolkit.md").unlink()
    result = run_self_test("--content", str(broken))
    assert result.returncode == 1
    assert "content  FAILED" in result.stdout
    assert "toolkit.md: missing" in result.stdout
    assert "self-test FAILED at step 'content'" in result.stdout


def _context(tmp_path) -> selftest.Context:
    return selftest.Context(CONTENT, tmp_path)


def test_a_failing_step_stops_the_run_and_is_named(tmp_path):
    ran = []

    def broken(ctx):
        raise RuntimeError("the page would not render")

    steps = (
        selftest.Step("content", selftest.step_content),
        selftest.Step("render", broken),
        selftest.Step("later", lambda ctx: ran.append("later") or "ran"),
    )
    ctx = _context(tmp_path)
    outcomes = selftest.run_steps(steps, ctx)
    assert [(o.name, o.status) for o in outcomes] == [("content", "ok"), ("render", "FAILED")]
    assert "RuntimeError: the page would not render" in outcomes[-1].detail
    assert ran == []
    out = io.StringIO()
    assert selftest.report(outcomes, ctx, out) == 1
    assert "self-test FAILED at step 'render'" in out.getvalue()


def test_search_and_store_steps_really_search_and_store(tmp_path):
    ctx = _context(tmp_path)
    steps = {step.name: step for step in selftest.STEPS}
    selftest.step_content(ctx)
    assert "hits, best" in steps["search"].run(ctx)
    assert "reopened" in steps["store"].run(ctx)
    names = ["content", "render", "search", "store", "editions", "qt"]
    assert [s.name for s in selftest.STEPS] == names


def test_the_editions_step_signs_and_fails_when_signatures_cannot_be_checked(tmp_path, monkeypatch):
    from nsp_desktop.core.editions import keys

    ctx = _context(tmp_path)
    assert "signed and verified" in selftest.step_editions(ctx)
    monkeypatch.setattr(keys, "verify", lambda *args: None)  # a binding that checks nothing
    (tmp_path / "again").mkdir()
    with pytest.raises(AssertionError, match="verified a text it was not made for"):
        selftest.step_editions(_context(tmp_path / "again"))


def test_main_without_qt_reports_and_exits_zero(capsys):
    steps = (
        selftest.Step("content", selftest.step_content),
        selftest.Step("render", selftest.step_render),
    )
    assert selftest.main(steps=steps) == 0
    report = capsys.readouterr().out
    assert "18 pages to HTML" in report
    assert "self-test passed" in report
