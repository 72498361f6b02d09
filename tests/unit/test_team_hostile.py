"""Whatever lands in a colleague's device folder, a sync never raises and never loses a local row."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.team_support import ITEM, POLICY, Laptop

GOOD = {
    "v": 1, "id": "1" * 16, "dev": "f" * 16, "by": "Eve", "hlc": f"1790000000000.00000.{'f' * 16}",
    "f": "done", "p": POLICY, "i": ITEM, "val": False,
}  # fmt: skip
values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip
mangled = st.builds(
    lambda key, value: json.dumps({**GOOD, key: value}),
    st.sampled_from(sorted(GOOD) + ["par", "lbl"]),
    values,
)
lines = st.one_of(
    mangled,
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
    st.just(json.dumps(GOOD)[:40]),
    st.just("[" + json.dumps(GOOD) + "]"),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(content=st.lists(lines, min_size=1, max_size=8), name=st.sampled_from(
    ["000001.jsonl", "000002 (conflicted copy).jsonl", "000003.sync-conflict-x.jsonl"]
))  # fmt: skip
def test_hostile_files_are_told_not_raised_and_local_rows_stay(tmp_path_factory, content, name):
    root = tmp_path_factory.mktemp("hostile")
    ben = Laptop(root, "Ben")
    try:
        ben.join(root / "shared")
        ben.store.set_done(ben.workspace, POLICY, ITEM, True)
        ben.store.set_note(ben.workspace, POLICY, "Ben's note")
        ben.sync()
        eve = root / "shared" / "devices" / ("f" * 16)
        eve.mkdir()
        (eve / name).write_text("\n".join(content) + "\n", encoding="utf-8", errors="replace")
        report = ben.sync()
        assert report.ok
        policy = ben.state().policy(POLICY)
        assert policy.note == "Ben's note"
        assert ben.done()  # Eve's operations, valid or not, are older than Ben's tick
    finally:
        ben.close()


def test_half_a_character_in_a_colleagues_line_is_skipped_not_a_crash(tmp_path):
    ben = Laptop(tmp_path, "Ben")
    try:
        ben.join(tmp_path / "shared")
        ben.store.set_note(ben.workspace, POLICY, "Ben's note")
        ben.sync()
        eve = tmp_path / "shared" / "devices" / ("f" * 16)
        eve.mkdir()
        later = {**GOOD, "hlc": f"1990000000000.00000.{'f' * 16}", "f": "owner", "i": ""}
        escaped = json.dumps({**later, "val": "x\ud800y"}).encode()  # "\ud800": half a character
        raw = json.dumps({**later, "id": "2" * 16, "by": "Eve\udc00"}, ensure_ascii=False)
        encoded = raw.encode("utf-8", "surrogatepass")  # the bytes of half a character
        earlier = {**later, "id": "3" * 16, "hlc": f"1980000000000.00000.{'f' * 16}"}
        fine = json.dumps({**earlier, "val": "Eve Ørsted"}, ensure_ascii=False)
        (eve / "000001.jsonl").write_bytes(b"\n".join([escaped, encoded, fine.encode()]) + b"\n")
        report = ben.sync()
        assert report.ok and report.applied == 1
        assert any("2 unreadable line(s) skipped" in p.text for p in report.problems)
        assert ben.state().policy(POLICY).owner == "Eve Ørsted"  # the only whole line
        assert ben.state().policy(POLICY).note == "Ben's note"
    finally:
        ben.close()
