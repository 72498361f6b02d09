"""What sync tools and bad folders leave behind: read with care, told in a sentence, nothing lost."""

import os
import shutil

import pytest

from nsp_desktop.core.team import folder as files
from nsp_desktop.core.team import ops, views
from nsp_desktop.core.team.tables import TeamError
from tests.team_support import ITEM, POLICY, Laptop


def _ana_file(ana, folder):
    """Ana ticks, syncs, and her new file is taken out of the folder (to be put back renamed)."""
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.sync()
    device = views.status(ana.store, ana.workspace).device
    newest = files.own_files(folder, device)[-1]
    text = newest.read_text()
    newest.unlink()
    return folder / "devices" / device, text


@pytest.mark.parametrize(
    "name",
    [
        "000002.sync-conflict-20261202-101500-ABCDEFG.jsonl",  # Syncthing
        "000002 (conflicted copy 2026-12-02 101500).jsonl",  # Nextcloud, Dropbox
        "000002-DESKTOP-AB12CD.jsonl",  # OneDrive
    ],
)
def test_a_conflict_copy_is_read_like_any_file(team, name):
    ana, ben, folder = team
    where, text = _ana_file(ana, folder)
    (where / name).write_text(text)
    report = ben.sync()
    assert ben.done()
    assert any("conflict copy" in p.text for p in report.problems)
    assert report.ok


def test_a_file_still_arriving_is_read_again_when_complete(team):
    ana, ben, folder = team
    where, text = _ana_file(ana, folder)
    lines = text.splitlines(keepends=True)
    ana.store.set_status(ana.workspace, POLICY, "drafting")
    ana.sync()
    status_file = files.own_files(folder, where.name)[-1]
    full = status_file.read_text()
    status_file.write_text(full[: len(full) // 2])  # half copied
    (where / "000009.jsonl").write_text("".join(lines))
    report = ben.sync()
    assert ben.done() and ben.state().policy(POLICY).status == "not-started"
    assert any(p.level == "note" and "unfinished" in p.text for p in report.problems)
    status_file.write_text(full)
    ben.sync()
    assert ben.state().policy(POLICY).status == "drafting"


def test_newer_format_lines_are_kept_not_applied_and_garbage_is_skipped(team):
    ana, ben, folder = team
    where, text = _ana_file(ana, folder)
    newer = text.replace('"v":1', '"v":2').replace('"val":true', '"val":"maybe"')
    garbage = 'not json at all\n{"v": 1}\n\x00\x01\xff\n'
    (where / "000005.jsonl").write_text(newer)
    (where / "000006.jsonl").write_text(garbage)
    (where / "000007.jsonl").write_bytes(os.urandom(2000) + b"\n")
    (where / ".000008.jsonl.tmp").write_text("half")  # a sync tool's temporary file
    report = ben.sync()
    assert not ben.done()
    said = " ".join(p.text for p in report.problems)
    assert "newer version of NSP Desktop kept, not applied" in said
    assert "unreadable line(s) skipped" in said and "000008" not in said
    assert (where / "000005.jsonl").read_text() == newer  # kept as it was
    assert report.ok
    report = ben.sync()  # the newer file is looked at again (an update may read it); garbage not
    assert [p.text for p in report.problems if "unreadable" in p.text] == []
    assert any("newer version" in p.text for p in report.problems)


def test_a_100_mb_file_is_refused_with_a_sentence(team):
    ana, ben, folder = team
    ben.store.set_done(ben.workspace, POLICY, ITEM, True)
    where, text = _ana_file(ana, folder)
    with open(where / "000004.jsonl", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: instant, but 100 MB as the folder sees it
    report = ben.sync()
    assert not report.ok
    assert any("100 MB, larger than any team file" in p.text for p in report.problems)
    assert ben.done() and report.written == 1  # Ben's own change still went out


def test_a_device_folder_of_100000_files_is_skipped_with_a_sentence(team):
    ana, ben, folder = team
    crowded = folder / "devices" / ("f" * 16)
    crowded.mkdir()
    for n in range(100_000):
        os.close(os.open(crowded / f"{n:06d}.jsonl", os.O_CREAT | os.O_WRONLY))
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.sync()
    report = ben.sync()
    assert not report.ok
    assert any("100,000 files" in p.text for p in report.problems)
    assert ben.done()  # the other devices' changes still arrive


def test_an_unwritable_folder_keeps_changes_pending_until_it_can_be_written(team, monkeypatch):
    ana, ben, folder = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    report = ana.sync()
    assert not report.ok and report.written == 0
    assert any("cannot write to" in p.text and "kept here" in p.text for p in report.problems)
    assert views.status(ana.store, ana.workspace).pending == 1
    assert ana.done()
    monkeypatch.undo()
    assert ana.sync().written == 1
    ben.sync()
    assert ben.done()


def test_a_folder_that_vanishes_mid_sync_loses_nothing_and_is_not_made_again(team, monkeypatch):
    ana, ben, folder = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.sync()
    ben.store.set_status(ben.workspace, POLICY, "drafting")
    real_parse = files._parse

    def parse_then_vanish(raw, name, out):
        shutil.rmtree(folder)  # unplugged while the first new file is being read
        return real_parse(raw, name, out)

    monkeypatch.setattr(files, "_parse", parse_then_vanish)
    try:
        report = ben.sync()
    except TeamError as error:  # it went before everything was read: nothing applied
        assert "went away during the sync" in str(error)
        assert not ben.done()
    else:  # it went after the last file was read: what was read is applied, nothing written
        assert not report.ok
        assert any("is not there" in p.text and "kept here" in p.text for p in report.problems)
        assert ben.done()
    assert not folder.exists()  # never made again by the sync
    assert ben.state().policy(POLICY).status == "drafting"
    assert views.status(ben.store, ben.workspace).pending == 1
    monkeypatch.undo()
    with pytest.raises(TeamError, match="is not there"):
        ben.sync()


def test_own_files_are_compacted_and_a_late_joiner_still_gets_everything(team, tmp_path):
    ana, ben, folder = team
    for n in range(files.COMPACT_AFTER + 6):
        ana.store.set_done(ana.workspace, POLICY, ITEM, n % 2 == 0)
        ana.sync()
    device = views.status(ana.store, ana.workspace).device
    assert len(files.own_files(folder, device)) <= 7  # one compacted file, and six since
    cai = Laptop(tmp_path, "Cai")
    cai.join(folder)
    ben.sync()
    assert cai.done() == ben.done() == ana.done()
    assert len(views.history(cai.store, cai.workspace, POLICY)) == files.COMPACT_AFTER + 6
    cai.close()


def test_a_line_is_refused_when_its_fields_are_wrong():
    good = ops.Op("1" * 16, "a" * 16, "Ana", f"1790000000000.00000.{'a' * 16}", "status", "p", "",
                  "drafting")  # fmt: skip
    assert ops.decode(ops.encode(good)) == good
    for broken in (
        ops.encode(good).replace("drafting", "finished"),
        ops.encode(good).replace('"f":"status"', '"f":"rm -rf"'),
        ops.encode(good).replace(f'{"a" * 16}"', f'{"b" * 16}"', 1),
        '{"v": 1}',
        "[1, 2]",
    ):
        with pytest.raises(ops.OpError):
            ops.decode(broken)
    with pytest.raises(ops.NewerFormat):
        ops.decode(ops.encode(good).replace('"v":1', '"v":7'))


def test_a_folder_that_now_holds_another_team_is_refused(team):
    ana, ben, folder = team
    ben.store.set_done(ben.workspace, POLICY, ITEM, True)
    files.write_marker(folder, "0123456789abcdef", "Another team")
    with pytest.raises(TeamError, match="no longer holds this team"):
        ben.sync()
    assert ben.done() and views.status(ben.store, ben.workspace).pending == 1


def test_a_conflict_copy_in_this_devices_own_folder_says_the_data_folder_was_copied(team):
    ana, ben, folder = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.sync()
    device = views.status(ana.store, ana.workspace).device
    newest = files.own_files(folder, device)[-1]
    shutil.copy(newest, newest.with_name("000001.sync-conflict-20261202-101500-ABCDEFG.jsonl"))
    report = ana.sync()
    assert any("copy of this data folder" in p.text for p in report.problems)
    assert report.ok and report.applied == 0  # nothing new: the same operations, once
