"""An installed person who meets an error has a log to send: the CLI and the app write one."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from nsp_desktop.core import log
from nsp_desktop.core.store import DB_NAME, Store
from tests.helpers import DATA

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "nsp_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_an_unexpected_cli_error_is_one_line_and_a_logged_traceback(tmp_path):
    data = tmp_path / "data"
    code = (
        "import sys; from nsp_desktop import cli\n"
        "cli._validate = lambda args: 1 / 0  # a bug nobody foresaw\n"
        "sys.exit(cli.main(sys.argv[1:]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(data), "validate"],
        capture_output=True,
        text=True,
        env=dict(os.environ, HOME=str(tmp_path)),
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().count("\n") == 0 and "ZeroDivisionError" in run.stderr
    logged = (data / "logs" / log.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError" in logged


def test_the_log_holds_the_traceback_and_the_person_reads_a_sentence(tmp_path):
    try:
        log.start(tmp_path / "logs")

        def broken():
            raise ZeroDivisionError("the sum did not add up")

        try:
            broken()
        except ZeroDivisionError as error:
            said = log.unexpected(type(error), error, error.__traceback__)
    finally:
        log.stop()
    text = (tmp_path / "logs" / log.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text
    assert "Traceback" not in said
    assert "the sum did not add up" in said and str(tmp_path / "logs") in said


def test_an_unwritable_log_folder_does_not_stop_anything(tmp_path):
    (tmp_path / "logs").write_text("a file, not a folder")
    try:
        assert log.start(tmp_path / "logs") is None
        log.logger.warning("still works")
    finally:
        log.stop()


def test_a_migration_and_its_backup_are_told_and_logged(tmp_path):
    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)
    with Store.open(tmp_path) as store:
        notices = store.notices()
    assert len(notices) == 1 and "data format 1" in notices[0] and "backup" in notices[0]
    with Store.open(tmp_path) as store:
        assert store.notices() == []  # once only


def test_a_cli_verb_logs_under_data_dir_and_nowhere_else(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / "old.sqlite3")
    data.mkdir()
    shutil.copy(tmp_path / "old.sqlite3", data / DB_NAME)
    run = cli("--data-dir", str(data), "progress", home=home)
    assert run.returncode == 0, run.stderr
    assert "data format 1" in run.stderr
    assert "data format 1" in (data / "logs" / log.LOG_NAME).read_text(encoding="utf-8")
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_a_run_with_nothing_to_log_leaves_no_folder(tmp_path):
    """The self-test and a verb that went well must leave no trace (seen: an empty log folder
    left in the Windows profile after the installed self-test)."""
    try:
        log.start(tmp_path / "logs")
        log.logger.debug("below the level: not written")
        assert not (tmp_path / "logs").exists()
        log.logger.warning("now there is something to say")
        assert (tmp_path / "logs" / log.LOG_NAME).exists()
    finally:
        log.stop()
