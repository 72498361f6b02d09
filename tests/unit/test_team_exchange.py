"""JSON exports carry history: a merge by file unticks, and decides as a merge by folder does."""

import json
import shutil

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core.store import Store
from tests.helpers import DATA
from tests.team_support import ITEM, POLICY, Laptop

OTHER = "identify-detention-contracts"


def run(capsys, data, *args):
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def done(capsys, data, item=ITEM) -> bool:
    out = run(capsys, data, "progress", "--json")[1]
    policy = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)
    return next(i["done"] for i in policy["items"] if i["id"] == item)


def test_a_later_untick_in_the_file_unticks_and_an_older_tick_does_not_retick(tmp_path, capsys):
    a, b, file = tmp_path / "a", tmp_path / "b", tmp_path / "export.json"
    run(capsys, a, "check", POLICY, ITEM)
    run(capsys, a, "export", "--out", str(file))
    assert json.loads(file.read_text())["operations"][0]["val"] is True
    run(capsys, b, "import", str(file))
    assert done(capsys, b)

    run(capsys, a, "check", POLICY, ITEM, "--undo")
    run(capsys, a, "export", "--out", str(file))
    code, out, _ = run(capsys, b, "import", str(file), "--dry-run")
    assert code == 0 and "1 item(s) unticked" in out and "Untick: " in out
    assert done(capsys, b)  # a dry run changes nothing
    run(capsys, b, "import", str(file))
    assert not done(capsys, b)  # before history was kept, a merge never unticked

    old = tmp_path / "old.json"
    run(capsys, a, "check", POLICY, ITEM)
    run(capsys, a, "export", "--out", str(old))
    run(capsys, b, "import", str(old))
    run(capsys, b, "check", POLICY, ITEM, "--undo")  # Ben unticks after Ana's tick
    code, out, _ = run(capsys, b, "import", str(old))
    assert "No changes." in out
    assert not done(capsys, b)


def test_status_and_notes_from_a_file_follow_the_clock_and_merge(tmp_path, capsys):
    a, b, file = tmp_path / "a", tmp_path / "b", tmp_path / "export.json"
    run(capsys, a, "note", POLICY, "--set", "one\ntwo\nthree")
    run(capsys, a, "export", "--out", str(file))
    run(capsys, b, "import", str(file))
    run(capsys, a, "note", POLICY, "--set", "ONE\ntwo\nthree")
    run(capsys, b, "note", POLICY, "--set", "one\ntwo\nTHREE")
    with Store.open(a) as store:
        store.set_status(store.current_workspace().id, POLICY, "adopted", owner="Ana")
    with Store.open(b) as store:
        store.set_status(store.current_workspace().id, POLICY, owner="Ben")  # later: Ben's wins
    run(capsys, a, "export", "--out", str(file))
    run(capsys, b, "import", str(file))
    assert run(capsys, b, "note", POLICY)[1] == "ONE\ntwo\nTHREE\n"
    out = run(capsys, b, "progress", "--json")[1]
    policy = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)
    assert (policy["status"], policy["owner"]) == ("adopted", "Ben")


def test_a_merge_by_file_gives_the_merge_by_folder(tmp_path):
    by_folder = [Laptop(tmp_path / "f", n) for n in ("Ana", "Ben")]
    by_file = [Laptop(tmp_path / "j", n) for n in ("Ana", "Ben")]
    for laptop in by_folder:
        laptop.join(tmp_path / "shared")

    def same_changes(ana: Laptop, ben: Laptop) -> None:
        ana.store.set_done(ana.workspace, POLICY, ITEM, True)
        ben.store.set_done(ben.workspace, POLICY, OTHER, True)
        ana.store.set_status(ana.workspace, POLICY, "drafting")
        ben.store.set_done(ben.workspace, POLICY, ITEM, True)
        ben.store.set_done(ben.workspace, POLICY, ITEM, False)  # Ben unticks last

    same_changes(*by_folder)
    same_changes(*by_file)
    for laptop in by_folder + by_folder:
        laptop.sync()
    from nsp_desktop.core.team import exchange
    from nsp_desktop.core.team.ops import from_json

    for source, target in ((by_file[0], by_file[1]), (by_file[1], by_file[0])):
        found = exchange.outcome(
            target.store,
            target.workspace,
            [from_json(o) for o in exchange.operations(source.store, source.workspace, [POLICY])],
        )
        exchange.apply(target.store, target.workspace, found)
    assert by_file[0].view() == by_file[1].view() == by_folder[0].view() == by_folder[1].view()
    assert not by_file[0].done(POLICY, ITEM) and by_file[0].done(POLICY, OTHER)
    for laptop in by_folder + by_file:
        laptop.close()


def test_rows_saved_before_history_travel_at_their_own_times(tmp_path, capsys):
    data = tmp_path / "old"
    data.mkdir()
    shutil.copy(DATA / "store-v1.sqlite3", data / "nsp-desktop.sqlite3")
    file = tmp_path / "export.json"
    assert (
        run(capsys, data, "export", "--out", str(file), "--workspace", "City of Springfield")[0]
        == 0
    )
    found = json.loads(file.read_text())["operations"]
    ticks = [o for o in found if o["f"] == "done"]
    assert {o["i"] for o in ticks} == {"identify-detention-contracts", "gather-contract-data"}
    assert min(o["hlc"] for o in ticks).startswith("1767697200000")  # 2026-01-06T11:00:00Z


@pytest.mark.parametrize(
    ("operations", "said"),
    [
        ([{"v": 1, "id": "zz"}], "is damaged"),
        ([{"v": 9}], "history from a newer version"),
        ("not a list", "is damaged"),
    ],
)
def test_bad_history_in_a_file_is_refused_in_a_sentence(tmp_path, capsys, operations, said):
    a, file = tmp_path / "a", tmp_path / "export.json"
    run(capsys, a, "check", POLICY, ITEM)
    run(capsys, a, "export", "--out", str(file))
    document = json.loads(file.read_text())
    document["operations"] = operations
    file.write_text(json.dumps(document))
    code, out, err = run(capsys, tmp_path / "b", "import", str(file))
    assert code == 1 and said in err and err.count("\n") == 1
    assert not done(capsys, tmp_path / "b")
