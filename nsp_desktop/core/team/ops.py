"""One change as a team operation, and its line in a team file (JSON, one object a line).

Every line carries the format version `v`. A line from a newer version is `NewerFormat` (kept in the
folder, not applied); anything else that is not a valid operation is `OpError` (skipped, reported).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import NamedTuple

from nsp_desktop.core.progress import STATUSES
from nsp_desktop.core.team import clock

FORMAT_VERSION = 1
CUSTOM_PREFIX = "custom:u"  # a team-wide custom item ID: "custom:u" + 16 hex digits
MAX_TEXT = 1_000_000  # characters in one note or label
MAX_ID = 200

_NUMBER = (int, float)  # a position: JSON has one kind of number, Python two

# field -> the type its value must have. Targets: (field, policy ID, item ID or "").
FIELDS: dict[str, type | tuple[type, ...]] = {
    "done": bool,  # a checklist item ticked (true) or unticked (false)
    "status": str,
    "owner": str,
    "due": str,
    "note": str,  # merged three-way from `parents`, not last-writer-wins
    "item.text": str,  # a person's own item: text, position, deleted (a tombstone)
    "item.pos": _NUMBER,
    "item.deleted": bool,
    "member": str,  # a device's person joined (item = the device ID; value = the name)
}
_DUE = re.compile(r"(\d{4}-\d{2}-\d{2})?")
_ID_AND_CLOCK = re.compile("[0-9a-f]{16}" + clock.PATTERN.pattern)  # an operation ID + its clock
_new = tuple.__new__


class OpError(ValueError):
    """A line that is not a valid operation."""


class NewerFormat(OpError):
    """A line written by a newer NSP Desktop: kept in the folder, not applied."""


class Op(NamedTuple):
    """One change: who made it, on which device, when (a clock reading), to what, and the value.

    A named tuple rather than a frozen dataclass: a sync builds 100,000 of them, 3x faster so.
    """

    op_id: str
    device: str
    member: str
    hlc: str
    field: str
    policy: str
    item: str
    value: object
    parents: tuple[str, ...] = ()  # notes: the versions this edit was made from
    label: str = ""  # ticks: the item's text, so a retired item still reads well

    @property
    def target(self) -> tuple[str, str, str]:
        return (self.field, self.policy, self.item)

    @property
    def order(self) -> tuple[str, str]:
        """The total order merging uses: clock reading, then operation ID."""
        return (self.hlc, self.op_id)


def new_id() -> str:
    """A random 16-hex-digit ID (operations, devices, team items): unique without coordination."""
    return secrets.token_hex(8)


def encode(op: Op) -> str:
    """The operation as one line of JSON (without the newline)."""
    data: dict[str, object] = {
        "v": FORMAT_VERSION,
        "id": op.op_id,
        "dev": op.device,
        "by": op.member,
        "hlc": op.hlc,
        "f": op.field,
        "p": op.policy,
        "i": op.item,
        "val": op.value,
    }
    if op.parents:
        data["par"] = list(op.parents)
    if op.label:
        data["lbl"] = op.label
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode(line: str | bytes) -> Op:
    """The operation on one line; NewerFormat or OpError (with a short reason) otherwise."""
    try:
        data = json.loads(line)
    except ValueError:  # UnicodeDecodeError too: a line of bytes that is not UTF-8
        raise OpError("not JSON") from None
    return checked(data)


def checked(data: object) -> Op:
    """`from_json`, and every text in it can be saved: JSON can spell half a character ("\\ud800"),
    which no file or database takes."""
    op = from_json(data)
    try:
        encode(op).encode("utf-8")
    except UnicodeEncodeError:
        raise OpError(
            "an operation holds text that is not valid Unicode (a lone surrogate)"
        ) from None
    return op


def decode_lines(lines: list[bytes]) -> tuple[list[Op], list[bytes], int, int]:
    """The valid lines' operations and the lines themselves, and how many were newer or unreadable.

    Lines stay bytes, as the file has them (they are kept so): parsing bytes is twice as fast as
    decoding them first. One JSON parse for the whole list when every line is JSON, and one pass
    when every line is valid (the usual case, and much faster than a line at a time); line by line
    otherwise, so one bad line costs only itself. Lines that might spell half a character (a
    "\\u" escape, or the bytes of one) are always checked line by line.
    """
    joined = b"[" + b",".join(lines) + b"]"
    decoded = None
    if not _may_split_characters(joined):
        try:
            decoded = json.loads(joined)
            if len(decoded) != len(lines):  # a line holding "1, 2" parses as two values
                decoded = None
        except ValueError:
            pass
    if decoded is not None:
        try:
            return list(map(from_json, decoded)), lines, 0, 0
        except OpError:
            pass
    found: list[Op] = []
    kept: list[bytes] = []
    newer = bad = 0
    for n, line in enumerate(lines):
        try:
            op = from_json(decoded[n]) if decoded is not None else decode(line)
        except NewerFormat:
            newer += 1
        except OpError:
            bad += 1
        else:
            found.append(op)
            kept.append(line)
    return found, kept, newer, bad


def _may_split_characters(data: bytes) -> bool:
    """Whether JSON text might spell half a character: a \\u escape, or the UTF-8 bytes of one.

    Found by hopping from backslash to backslash (a few per file: notes' line breaks), which is
    30 times as fast as looking for the two bytes of "\\u" in 30 MB, and copies nothing.
    """
    if b"\xed" in data:
        return True
    at = data.find(b"\\")
    while at != -1:
        if data[at + 1 : at + 2] == b"u":
            return True
        at = data.find(b"\\", at + 2)  # past the escaped character (which may be a backslash)
    return False


def trusted_many(lines: list[bytes]) -> list[Op]:
    """Many operations read back from the store (as bytes), in one JSON parse."""
    return [_op(d) for d in json.loads(b"[" + b",".join(lines) + b"]")]


def _op(d: dict) -> Op:
    return Op(d["id"], d["dev"], d["by"], d["hlc"], d["f"], d["p"], d["i"], d["val"],
              tuple(d.get("par", ())), d.get("lbl", ""))  # fmt: skip


def from_json(data: object) -> Op:
    """Validate a decoded line: every field present, of its type and within its limits.

    Written for speed (a big sync checks 100,000 lines): one regular expression checks the
    operation ID and the clock reading together, and the tuple is made without a Python call.
    """
    if type(data) is not dict:
        raise OpError("not an object")
    version = data.get("v")
    if version != FORMAT_VERSION or type(version) is not int:
        if type(version) is not int:
            raise OpError("no format version")
        raise NewerFormat(f"format {version}") if version > FORMAT_VERSION else OpError("version")
    try:
        op_id, device, member, hlc = data["id"], data["dev"], data["by"], data["hlc"]
        field, policy, item, value = data["f"], data["p"], data["i"], data["val"]
    except KeyError as missing:
        raise OpError(f"no {missing}") from None
    if not (type(op_id) is type(device) is type(member) is type(hlc) is str):
        raise OpError("bad ID, name or clock")
    if not (type(field) is type(policy) is type(item) is str):
        raise OpError("bad target")
    if len(member) > MAX_ID or len(policy) > MAX_ID or len(item) > MAX_ID:
        raise OpError("name or ID too long")
    # The clock reading ends with the device ID, so one match checks all three.
    if not (len(op_id) == len(device) == 16 and hlc.endswith(device)):
        raise OpError("bad operation or device ID")
    if not _ID_AND_CLOCK.fullmatch(op_id + hlc):
        raise OpError("bad operation ID or clock reading")
    kind = FIELDS.get(field)
    if kind is None:
        raise OpError(f"unknown field {field!r}")
    vtype = type(value)
    if vtype is not kind and (kind is not _NUMBER or vtype not in _NUMBER):
        raise OpError(f"{field} needs a {getattr(kind, '__name__', 'number')}")
    if vtype is str:
        if len(value) > MAX_TEXT:
            raise OpError("text too long")
        if field == "status":
            if value not in STATUSES:
                raise OpError(f"unknown status {value!r}")
        elif field == "due" and not _DUE.fullmatch(value):
            raise OpError("bad due date")
    if not policy and field != "member":
        raise OpError("no policy")
    if field.startswith("item.") and not item.startswith(CUSTOM_PREFIX):
        raise OpError("bad item ID")
    parents = data.get("par", ())
    if parents != ():  # anything but a list of IDs (null, "", 0) is refused
        if type(parents) is not list or not all(type(p) is str and _hex16(p) for p in parents):
            raise OpError("bad parents")
        parents = tuple(parents)
    label = data.get("lbl", "")
    if type(label) is not str or len(label) > MAX_TEXT:
        raise OpError("bad label")
    return _new(Op, (op_id, device, member, hlc, field, policy, item, value, parents, label))


def _hex16(text: str) -> bool:
    """Sixteen lowercase hex digits (str.strip is several times faster than a regex here)."""
    return len(text) == 16 and not text.strip("0123456789abcdef")
