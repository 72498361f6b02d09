"""A team file's line is checked field by field: the fast check agrees with the format, line for line.

`ops.from_json` is written for speed (a big sync checks 100,000 lines); `follows_the_format` below
is the format as docs/team.md states it, written for reading. Hypothesis mangles good lines of
every kind and both must agree on each: a line the format refuses is never applied, and a line it
allows is never lost.
"""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nsp_desktop.core.progress import STATUSES
from nsp_desktop.core.team import ops

DEVICE = "0123456789abcdef"
CLOCK = f"1790000000000.00000.{DEVICE}"
BASE = {"v": 1, "id": "fedcba9876543210", "dev": DEVICE, "by": "Ana", "hlc": CLOCK}
GOOD = [
    {**BASE, "f": "done", "p": "policy", "i": "item", "val": True, "lbl": "Gather data"},
    {**BASE, "f": "status", "p": "policy", "i": "", "val": "drafting"},
    {**BASE, "f": "owner", "p": "policy", "i": "", "val": "Ben"},
    {**BASE, "f": "due", "p": "policy", "i": "", "val": "2027-03-01"},
    {**BASE, "f": "note", "p": "policy", "i": "", "val": "text", "par": ["00000000000000aa"]},
    {**BASE, "f": "item.text", "p": "policy", "i": "custom:u00000000000000bb", "val": "Mine"},
    {**BASE, "f": "item.pos", "p": "policy", "i": "custom:u00000000000000bb", "val": 2.5},
    {**BASE, "f": "item.deleted", "p": "policy", "i": "custom:u00000000000000bb", "val": True},
    {**BASE, "f": "member", "p": "", "i": DEVICE, "val": "Ana"},
]
KINDS = {
    "done": (bool,), "status": (str,), "owner": (str,), "due": (str,), "note": (str,),
    "item.text": (str,), "item.pos": (int, float), "item.deleted": (bool,), "member": (str,),
}  # fmt: skip
HEX16 = re.compile(r"[0-9a-f]{16}")


def follows_the_format(d: object) -> bool:
    """The format, plainly: what a line must hold to be applied."""
    if not isinstance(d, dict) or type(d.get("v")) is not int or d["v"] != 1:
        return False
    needed = ("id", "dev", "by", "hlc", "f", "p", "i", "val")
    if any(key not in d for key in needed) or any(type(d[k]) is not str for k in needed[:-1]):
        return False
    if any(len(d[k]) > 200 for k in ("by", "p", "i")):
        return False
    if not HEX16.fullmatch(d["id"]) or not HEX16.fullmatch(d["dev"]):
        return False
    if not re.fullmatch(r"[0-9]{13}\.[0-9]{5}\." + re.escape(d["dev"]), d["hlc"]):
        return False
    field, value = d["f"], d["val"]
    if field not in KINDS or type(value) not in KINDS[field]:
        return False
    if isinstance(value, str) and len(value) > 1_000_000:
        return False
    if d["p"] == "" and field != "member":
        return False
    if field == "status" and value not in STATUSES:
        return False
    if field == "due" and not re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})?", value):
        return False
    if field.startswith("item.") and not d["i"].startswith("custom:u"):
        return False
    parents = d.get("par", [])
    if type(parents) is not list or not all(type(p) is str and HEX16.fullmatch(p) for p in parents):
        return False
    label = d.get("lbl", "")
    return type(label) is str and len(label) <= 1_000_000


near_hex = st.sampled_from(
    [DEVICE, DEVICE.upper(), DEVICE[:15], DEVICE + "0", "٠" * 16, "fedcba9876543210", ""]
)
clocks = st.sampled_from(
    [CLOCK, CLOCK.replace("1790", "179"), CLOCK.replace("1", "١", 1), CLOCK[:-1] + "e",
     f"1790000000000.00000.{'f' * 16}", CLOCK + "0", CLOCK.replace(".", ":")]
)  # fmt: skip
values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=12),
    near_hex, clocks, st.sampled_from(sorted(STATUSES) + ["2027-03-01", "2027-3-1", "custom:u1"]),
    st.lists(near_hex, max_size=2), st.just({}),
)  # fmt: skip
keys = st.sampled_from([*BASE, "f", "p", "i", "val", "par", "lbl"])
edits = st.lists(st.tuples(keys, st.one_of(values, st.just(KeyError))), max_size=3)


def _apply(line: dict, changes: list) -> dict:
    line = dict(line)
    for key, value in changes:
        if value is KeyError:
            line.pop(key, None)
        else:
            line[key] = value
    return line


@settings(max_examples=2000, deadline=None)
@given(line=st.sampled_from(GOOD), changes=edits)
def test_the_fast_check_agrees_with_the_format_on_every_mangled_line(line, changes):
    data = json.loads(json.dumps(_apply(line, changes)))  # as a file would bring it
    try:
        op = ops.from_json(data)
    except ops.OpError:
        assert not follows_the_format(data)
    else:
        assert follows_the_format(data)
        assert ops.decode(ops.encode(op)) == op
        assert (op.op_id, op.device, op.hlc, op.field, op.value) == tuple(
            data[k] for k in ("id", "dev", "hlc", "f", "val")
        )


def test_every_kind_of_good_line_is_applied():
    for line in GOOD:
        assert follows_the_format(line)
        op = ops.from_json(line)
        assert op.target == (line["f"], line["p"], line["i"])
        assert op.parents == tuple(line.get("par", ()))


def test_a_newer_format_is_told_apart_from_a_broken_line():
    assert isinstance(_raised({**GOOD[0], "v": 2}), ops.NewerFormat)
    for broken in ({**GOOD[0], "v": 0}, {**GOOD[0], "v": True}, {**GOOD[0], "v": "2"}):
        assert type(_raised(broken)) is ops.OpError


def _raised(data: dict) -> Exception | None:
    try:
        ops.from_json(data)
    except ops.OpError as error:
        return error
    return None


def test_escapes_that_spell_whole_characters_are_kept_and_half_ones_refused():
    def line(name: str) -> bytes:
        return json.dumps({**GOOD[2], "val": name}).encode()  # json.dumps escapes non-ASCII

    whole = [line("José"), line("😀 Ana"), line("C:\\users\\u1"), line("plain")]
    found, kept, newer, bad = ops.decode_lines([*whole, line("\ud800"), line("x\udfff")])
    assert [op.value for op in found] == ["José", "😀 Ana", "C:\\users\\u1", "plain"]
    assert kept == whole and (newer, bad) == (0, 2)
    found, kept, _, bad = ops.decode_lines([line("é").replace(b"\\u00e9", "é".encode())])
    assert found[0].value == "é" and bad == 0  # raw UTF-8, as NSP Desktop writes it
    raw = json.dumps({**GOOD[2], "val": "\udc80"}, ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )
    assert ops.decode_lines([raw])[3] == 1  # the bytes of half a character
