"""One change as a team operation, and its line in a team file (JSON, one object a line).

Every line carries the format version `v`. A line from a newer version is `NewerFormat` (kept in the
folder, not applied); anything else that is not a valid operation is `OpError` (skipped, reported).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass

from nsp_desktop.core.team import clock
from nsp_desktop.store import STATUSES

FORMAT_VERSION = 1
CUSTOM_PREFIX = "custom:u"  # a team-wide custom item ID: "custom:u" + 16 hex digits
MAX_TEXT = 1_000_000  # characters in one note or label
MAX_ID = 200

# field -> the type its value must have. Targets: (field, policy ID, item ID or "").
FIELDS: dict[str, type | tuple[type, ...]] = {
    "done": bool,  # a checklist item ticked (true) or unticked (false)
    "status": str,
    "owner": str,
    "due": str,
    "note": str,  # merged three-way from `parents`, not last-writer-wins
    "item.text": str,  # a person's own item: text, position, deleted (a tombstone)
    "item.pos": (int, float),
    "item.deleted": bool,
    "member": str,  # a device's person joined (item = the device ID; value = the name)
}
_HEX16 = re.compile(r"[0-9a-f]{16}")
_DUE = re.compile(r"(\d{4}-\d{2}-\d{2})?")


class OpError(ValueError):
    """A line that is not a valid operation."""


class NewerFormat(OpError):
    """A line written by a newer NSP Desktop: kept in the folder, not applied."""


@dataclass(frozen=True, slots=True)
class Op:
    """One change: who made it, on which device, when (a clock reading), to what, and the value."""

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


def decode(line: str) -> Op:
    """The operation on one line; NewerFormat or OpError (with a short reason) otherwise."""
    try:
        data = json.loads(line)
    except ValueError:
        raise OpError("not JSON") from None
    return from_json(data)


def from_json(data: object) -> Op:
    """Validate a decoded line: every field present, of its type and within its limits."""
    if not isinstance(data, dict):
        raise OpError("not an object")
    version = data.get("v")
    if type(version) is not int:
        raise OpError("no format version")
    if version > FORMAT_VERSION:
        raise NewerFormat(f"format {version}")
    if version < 1:
        raise OpError("bad format version")
    op_id, device, member, hlc = (_text(data, k, MAX_ID) for k in ("id", "dev", "by", "hlc"))
    field, policy, item = (_text(data, k, MAX_ID) for k in ("f", "p", "i"))
    if not _HEX16.fullmatch(op_id) or not _HEX16.fullmatch(device):
        raise OpError("bad operation or device ID")
    if clock.PATTERN.fullmatch(hlc) is None or not hlc.endswith(device):
        raise OpError("bad clock reading")
    kind = FIELDS.get(field)
    if kind is None:
        raise OpError(f"unknown field {field!r}")
    value = data.get("val")
    if type(value) not in (kind if isinstance(kind, tuple) else (kind,)):
        raise OpError(f"{field} needs a {getattr(kind, '__name__', 'number')}")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise OpError("text too long")
    if field != "member" and not policy:
        raise OpError("no policy")
    if field == "status" and value not in STATUSES:
        raise OpError(f"unknown status {value!r}")
    if field == "due" and not _DUE.fullmatch(value):  # type: ignore[arg-type]
        raise OpError("bad due date")
    if field.startswith("item.") and not item.startswith(CUSTOM_PREFIX):
        raise OpError("bad item ID")
    parents = data.get("par", [])
    if not isinstance(parents, list) or not all(
        isinstance(p, str) and _HEX16.fullmatch(p) for p in parents
    ):
        raise OpError("bad parents")
    label = data.get("lbl", "")
    if not isinstance(label, str) or len(label) > MAX_TEXT:
        raise OpError("bad label")
    return Op(op_id, device, member, hlc, field, policy, item, value, tuple(parents), label)


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit:
        raise OpError(f"bad {key!r}")
    return value
