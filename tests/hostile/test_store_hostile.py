"""Failing disks, read-only folders and odd databases: a sentence, never a traceback or a loss."""

import shutil
import sqlite3
import subprocess
import sys

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core.store import DB_NAME, Store, StoreError, schema
from tests.helpers import ROOT
from tests.hostile.conftest import snapshot
from tests.sample_progress import DETENTION

ITEM = "identify-detention-contracts"


def _in_own_mounts(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a mount namespace of its own (root on Linux); skip where impossible."""
    if not shutil.which("unshare") or sys.platform != "linux":
        pytest.skip("needs unshare(1) on Linux")
    cli = f"env PYTHONPATH={ROOT} {sys.executable} -m nsp_desktop"
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"set -e\nCLI='{cli}'\n{script}"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if "MOUNT-FAILED" in done.stdout:
        pytest.skip("this machine does not let the test mount a file system: " + done.stderr)
    return done


def test_read_only_data_is_read_and_exported_and_writing_says_why(data, tmp_path):
    before = snapshot(data)
    done = _in_own_mounts(
        f"""
        mount --bind {data} {data} && mount -o remount,bind,ro {data} || {{ echo MOUNT-FAILED; exit; }}
        set +e
        $CLI --data-dir {data} progress > {tmp_path}/progress.txt; echo "progress=$?"
        $CLI --data-dir {data} export --out {tmp_path}/rescued.json; echo "export=$?"
        $CLI --data-dir {data} check {DETENTION} {ITEM} 2> {tmp_path}/check.err; echo "check=$?"
        QT_QPA_PLATFORM=offscreen $CLI --data-dir {data} --exit-after-first-paint > /dev/null
        echo "window=$?"
        """
    )
    assert "window=0" in done.stdout, done.stderr  # the app opens read-only data too
    assert "progress=0" in done.stdout and "export=0" in done.stdout, done.stdout + done.stderr
    assert "check=1" in done.stdout
    assert "Traceback" not in done.stderr
    assert "Workspace: My workspace" in (tmp_path / "progress.txt").read_text()
    assert "Cllr. Ortiz" in (tmp_path / "rescued.json").read_text()
    said = (tmp_path / "check.err").read_text()
    assert "read-only" in said and len(said.strip().splitlines()) == 1
    assert snapshot(data) == before


def test_a_full_disk_is_a_sentence_and_leaves_no_stub_files(data, tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = _in_own_mounts(
        f"""
        mount -t tmpfs -o size=512k tmpfs {mnt} || {{ echo MOUNT-FAILED; exit; }}
        cp -a {data} {mnt}/d
        dd if=/dev/zero of={mnt}/filler bs=4k 2>/dev/null || true
        set +e
        for verb in progress "export --out {tmp_path}/out.json" "check {DETENTION} {ITEM}" \\
                    "note {DETENTION} --set hello" "import {tmp_path}/out.json --replace"; do
            $CLI --data-dir {mnt}/d $verb > /dev/null 2>> {tmp_path}/err.txt
            echo "$verb=$?"
        done
        ls -a {mnt}/d
        """
    )
    out = done.stdout
    assert "progress=0" in out and f"export --out {tmp_path}/out.json=0" in out, out + done.stderr
    assert f"check {DETENTION} {ITEM}=1" in out and f"note {DETENTION} --set hello=1" in out
    assert f"import {tmp_path}/out.json --replace=1" in out
    assert "Traceback" not in (tmp_path / "err.txt").read_text()
    assert f"{DB_NAME}-shm" not in out and f"{DB_NAME}-wal" not in out  # no stubs left behind


def test_a_negative_user_version_is_refused_untouched(data, capsys):
    with sqlite3.connect(data / DB_NAME) as db:
        db.execute("PRAGMA user_version = -1")
    db.close()
    before = snapshot(data)
    assert main(["--data-dir", str(data), "progress"]) == 3
    err = capsys.readouterr().err
    assert "unknown data format" in err and len(err.strip().splitlines()) == 1
    assert snapshot(data) == before


def test_an_unknown_status_in_a_row_reads_as_not_started(data, capsys):
    with sqlite3.connect(data / DB_NAME) as db:
        db.execute("UPDATE policy_status SET status = 'abolished'")
    db.close()
    assert main(["--data-dir", str(data), "progress"]) == 0
    assert main(["--data-dir", str(data), "export", "--format", "csv", "--out", "-"]) == 0
    out = capsys.readouterr().out
    assert "Not started" in out and "abolished" not in out


def test_a_busy_database_is_a_plain_try_again(data, capsys, monkeypatch):
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(data / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a long import elsewhere holds the write lock
    try:
        code = main(["--data-dir", str(data), "check", DETENTION, ITEM])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and "try again" in err and "Traceback" not in err


def test_a_damaged_database_already_replaced_is_not_moved_aside_again(tmp_path, monkeypatch):
    """Three processes find the same damaged file; the first recovers; the others must not move
    the fresh good database aside with a false "damaged" message."""
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    real = schema.connect_checked
    calls = []

    def stale_view(path):
        calls.append(path)
        if len(calls) == 1:  # this process read the damaged file, then another process...
            monkeypatch.setattr(schema, "connect_checked", real)
            with Store.open(tmp_path) as first:  # ...recovered and saved a tick
                first.set_done(first.current_workspace().id, DETENTION, ITEM, True)
            monkeypatch.setattr(schema, "connect_checked", stale_view)
            raise sqlite3.DatabaseError("file is not a database")
        return real(path)

    monkeypatch.setattr(schema, "connect_checked", stale_view)
    with Store.open(tmp_path) as late:
        assert late.recovered_from is None
        assert ITEM in late.done_items(late.current_workspace().id, DETENTION)
    assert len(list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))) == 1


def test_a_stale_window_keeps_both_notes(tmp_path):
    with Store.open(tmp_path) as window, Store.open(tmp_path) as elsewhere:
        w = window.current_workspace().id
        window.set_note(w, DETENTION, "first draft")
        loaded = window.note(w, DETENTION)  # the stale window's editor holds this
        elsewhere.set_note(w, DETENTION, "changed on the laptop")
        conflict = window.set_note(w, DETENTION, "typed in the old window", base=loaded)
        saved = window.note(w, DETENTION)
    assert conflict is not None and conflict.theirs == "changed on the laptop"
    assert "typed in the old window" in saved and "changed on the laptop" in saved


def test_a_note_over_the_limit_is_refused_on_the_store(tmp_path):
    with Store.open(tmp_path) as store, pytest.raises(StoreError, match="at most 50,000"):
        store.set_note(store.current_workspace().id, DETENTION, "x" * 50_001)


OPENER = """
import sys
from nsp_desktop.core.store import Store
with Store.open(sys.argv[1]) as store:
    store.set_done(store.current_workspace().id, "p", sys.argv[2], True)
    print("recovered" if store.recovered_from else "fresh")
"""


def test_three_processes_on_one_damaged_database_recover_it_once(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"not a database, " * 1000)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(tmp_path), f"item-{n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(3)
    ]
    said = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), said
    assert [out.strip() for out, _ in said].count("recovered") == 1
    assert len(list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))) == 1
    with Store.open(tmp_path) as store:
        assert set(store.done_items(store.current_workspace().id, "p")) == {
            "item-0", "item-1", "item-2",
        }  # fmt: skip
