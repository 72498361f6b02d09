"""The `team` verbs as the contract says: join, sync (one line, exit 0), status, progress --json."""

import json
import os

from nsp_desktop.cli import main
from tests.team_support import ITEM, POLICY


def run(capsys, data, *args):
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _policy(out: str) -> dict:
    return next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)


def test_join_sync_status_and_progress_carry_who_changed_what(tmp_path, capsys):
    a, b, shared = tmp_path / "a", tmp_path / "b", tmp_path / "shared"
    assert run(capsys, a, "check", POLICY, ITEM)[0] == 0
    code, out, err = run(capsys, a, "team", "join", str(shared), "--name", "Ana")
    assert (code, err) == (0, "")
    assert out.startswith(f"Started a team in {shared} as Ana")
    code, out, _ = run(capsys, b, "team", "join", str(shared), "--name", "Ben")
    assert code == 0 and "Joined the team" in out
    assert _policy(run(capsys, b, "progress", "--json")[1])["items"][1]["changed_by"] == "Ana"

    assert run(capsys, b, "check", POLICY, ITEM, "--undo")[0] == 0
    code, out, _ = run(capsys, b, "team", "sync")
    assert code == 0
    assert out.count("\n") == 1 and out.startswith("Synced “My workspace”") and "1 of yours" in out
    code, out, _ = run(capsys, a, "team", "sync")
    assert code == 0 and "2 change(s) from 1 colleague(s) applied" in out  # joined, unticked

    policy = _policy(run(capsys, a, "progress", "--json")[1])
    item = policy["items"][1]
    assert (item["done"], item["changed_by"]) == (False, "Ben")
    assert item["changed_at"].endswith("Z")
    assert policy["changed_by"] == "Ben" and policy["changed_at"] == item["changed_at"]
    untouched = policy["items"][0]
    assert (untouched["changed_by"], untouched["changed_at"]) == (None, None)

    code, out, _ = run(capsys, a, "team", "status", "--json")
    status = json.loads(out)
    assert code == 0
    assert status["folder"] == str(shared) and status["pending"] == 0
    assert [m["name"] for m in status["members"]] == ["Ben", "Ana"]
    assert status["conflicts"] == []
    code, out, _ = run(capsys, a, "team", "status")
    assert "Ben: last change" in out and "Ana (you)" in out


def test_progress_json_of_an_unshared_workspace_says_when_but_not_who(tmp_path, capsys):
    run(capsys, tmp_path, "check", POLICY, ITEM)
    policy = _policy(run(capsys, tmp_path, "progress", "--json")[1])
    assert policy["changed_by"] is None and policy["changed_at"] == policy["items"][1]["done_at"]
    assert policy["items"][1]["changed_at"] == policy["items"][1]["done_at"] is not None


def _one_sentence(err: str) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("nsp-desktop team: ")


def test_bad_team_folders_get_one_sentence_and_exit_1(tmp_path, capsys):
    data = tmp_path / "data"
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    for args in (
        ("team", "sync"),
        ("team", "join", str(a_file), "--name", "Ana"),
        ("team", "join", str(tmp_path), "--name", "Ana"),
        ("team", "join", str(tmp_path / "t"), "--name", "  "),
    ):
        code, out, err = run(capsys, data, *args)
        assert (code, out) == (1, ""), args
        _one_sentence(err)
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "nsp-team.json").write_text('{"format": "nsp-desktop-team", "version": 9}')
    code, _, err = run(capsys, data, "team", "join", str(newer), "--name", "Ana")
    assert code == 1 and "newer version of NSP Desktop" in err
    _one_sentence(err)


def test_a_vanished_folder_or_a_huge_file_exit_1_and_keep_the_tick(tmp_path, capsys):
    data, shared = tmp_path / "data", tmp_path / "shared"
    run(capsys, data, "team", "join", str(shared), "--name", "Ana")
    device = json.loads(run(capsys, data, "team", "status", "--json")[1])["device"]
    with open(shared / "devices" / device / "000099.sync-conflict-x.jsonl", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    run(capsys, data, "check", POLICY, ITEM)
    code, out, err = run(capsys, data, "team", "sync")
    assert code == 1 and "1 of yours written" in out
    assert "100 MB, larger than any team file can be; skipped." in err and "Traceback" not in err
    os.rename(shared, tmp_path / "moved")
    run(capsys, data, "check", POLICY, "identify-detention-contracts")
    code, out, err = run(capsys, data, "team", "sync")
    assert (code, out) == (1, "")
    _one_sentence(err)
    assert "is not there" in err
    code, out, _ = run(capsys, data, "team", "status", "--json")
    assert json.loads(out)["pending"] == 1
    assert sum(i["done"] for i in _policy(run(capsys, data, "progress", "--json")[1])["items"]) == 2


def test_leave_keeps_the_progress_and_stops_recording(tmp_path, capsys):
    data, shared = tmp_path / "data", tmp_path / "shared"
    run(capsys, data, "team", "join", str(shared), "--name", "Ana")
    run(capsys, data, "check", POLICY, ITEM)
    code, out, _ = run(capsys, data, "team", "leave")
    assert code == 0 and "no longer shared" in out
    assert _policy(run(capsys, data, "progress", "--json")[1])["items"][1]["done"]
    code, _, err = run(capsys, data, "team", "sync")
    assert code == 1 and "not shared with a team" in err
