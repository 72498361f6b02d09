"""Delete all my data: exactly the app's own files, by name, with a report; nothing else, ever."""

import os
import shutil
import sqlite3

import pytest

from nsp_desktop.core.store import DB_NAME, Store, StoreError, delete_user_files, files

SECRET = "the informant's name is Dana"
POLICY, ITEM = "cancel-detention-contracts", "gather-contract-data"


def _fill(folder):
    with Store.open(folder) as store:
        w = store.current_workspace().id
        store.set_note(w, POLICY, SECRET)
        item = store.add_item(w, POLICY, SECRET + " (own item)")
        store.delete_item(w, item)  # its text goes to the undo log
        store.set_done(w, POLICY, ITEM, True)


def _everything_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_only_named_files_go_and_no_text_of_the_person_stays(tmp_path):
    data = tmp_path / "data"
    _fill(data)
    (data / f"{DB_NAME}.v1-backup-20260101T000000000000Z").write_text(SECRET)
    (data / f"{DB_NAME}.corrupt-20260101T000000000000Z").write_text(SECRET)
    (data / f"{DB_NAME}-wal").write_text(SECRET)
    (data / "settings.json").write_text("{}")
    (data / "cache").mkdir()
    (data / "cache" / "search-0123456789abcdef0123.json").write_text(SECRET)
    (data / "cache" / "rendered-v1.json").write_text("{}")
    (data / f"{DB_NAME} my own copy.txt").write_text("mine")  # named like ours, but not ours
    (data / "minutes.odt").write_text("mine")
    deletion = delete_user_files(data)
    assert _everything_under(data) == ["minutes.odt", f"{DB_NAME} my own copy.txt"]
    assert deletion.kept == []
    said = deletion.summary()
    for gone in (DB_NAME, "settings.json", "search-0123456789abcdef0123.json", "cache"):
        assert gone in said


def test_a_cache_folder_with_other_files_keeps_them_and_says_so(tmp_path):
    data = tmp_path / "data"
    _fill(data)
    (data / "cache").mkdir()
    (data / "cache" / "rendered-v1.json").write_text("{}")
    (data / "cache" / "tax-return.pdf").write_text("mine")
    deletion = delete_user_files(data)
    assert _everything_under(data) == ["cache", "cache/tax-return.pdf"]
    assert [p.name for p, _ in deletion.kept] == ["cache"]
    assert "tax-return.pdf" in deletion.summary()
    assert not (data / DB_NAME).exists()


def test_a_symlinked_cache_is_not_followed_and_the_rest_still_goes(tmp_path):
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    _fill(data)
    elsewhere.mkdir()
    (elsewhere / "rendered-v1.json").write_text("someone else's file with our name")
    (data / "cache").symlink_to(elsewhere)
    deletion = delete_user_files(data)
    assert (elsewhere / "rendered-v1.json").read_text() == "someone else's file with our name"
    assert (data / "cache").is_symlink()
    assert not (data / DB_NAME).exists()  # the rest is deleted, not "nothing"
    assert [p.name for p, _ in deletion.kept] == ["cache"] and "link" in deletion.summary()


def test_the_platform_cache_folder_goes_too(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cachehome"))
    from nsp_desktop.core import paths

    where = paths.data_paths(None)
    _fill(where.data_dir)
    where.cache_dir.mkdir(parents=True)
    (where.cache_dir / "search-0123456789abcdef0123.json").write_text(SECRET)
    assert files.cache_dir_for(where.data_dir) == where.cache_dir
    delete_user_files(where.data_dir)
    assert not where.cache_dir.exists()
    assert _everything_under(where.data_dir) == []


def test_a_file_that_cannot_be_removed_is_reported_not_raised(tmp_path):
    data = tmp_path / "data"
    _fill(data)
    (data / "settings.json").mkdir()  # a folder where the app keeps a file
    (data / "settings.json" / "x").write_text("mine")
    deletion = delete_user_files(data)
    assert [p.name for p, _ in deletion.kept] == ["settings.json"]
    assert (data / "settings.json" / "x").read_text() == "mine"
    assert not (data / DB_NAME).exists()


def test_a_second_window_stops_saving_after_delete_all(tmp_path):
    data = tmp_path / "data"
    _fill(data)
    other = Store.open(data)  # a second window on the same data
    w = other.current_workspace().id
    delete_user_files(data)
    with Store.open(data) as fresh:  # the first window starts afresh
        with pytest.raises(StoreError, match="deleted or replaced"):
            other.set_done(w, POLICY, "another-item", True)
        assert fresh.done_items(fresh.current_workspace().id, POLICY) == {}
    other.close()


def test_deleted_text_is_not_left_in_the_database_file(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        w = store.current_workspace().id
        store.set_note(w, POLICY, SECRET * 50)
        store.set_note(w, POLICY, "")
        store.delete_workspace(w)
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in data.iterdir() if p.is_file())
    assert SECRET.encode() not in raw


def test_the_data_folder_and_database_are_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    old = os.umask(0o022)
    try:
        Store.open(data).close()
    finally:
        os.umask(old)
    assert (data.stat().st_mode & 0o777) == 0o700
    assert (data / DB_NAME).stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(data / DB_NAME) as db:  # still a database anyone may open as the owner
        assert db.execute("PRAGMA user_version").fetchone()[0] > 0


def test_a_migration_backup_is_private_too(tmp_path):
    from tests.helpers import DATA

    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)
    (tmp_path / DB_NAME).chmod(0o644)  # as an older version left it
    old = os.umask(0o022)
    try:
        with Store.open(tmp_path) as store:
            backup = store.backup_path
    finally:
        os.umask(old)
    assert backup is not None and backup.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / DB_NAME).stat().st_mode & 0o777 == 0o600
