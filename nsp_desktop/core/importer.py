"""Reading a JSON export back: validate it, preview what would change, and plan a merge or a replace.

The plan is plain data; `Store.import_rows` applies it in one transaction, so an import is all or
nothing, and a refused file (malformed, newer schema) never reaches the store at all.

Merge rules ("the newer change wins"): an item ticked in the file and not here is ticked, with the
file's date; a tick here stays (the file cannot say when an item was unticked); status, owner and due
date come from the file when its status changed later than ours (or we have none); a note comes from
the file when it was edited later (or ours is empty); custom items the file has and we lack (by text)
are added. Replace makes the workspace (or, for a partial export, the policies in the file) exactly
what the file says. IDs the content does not know are kept, shown as retired.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from nsp_desktop.core.export import JSON_FORMAT, JSON_SCHEMA_VERSION
from nsp_desktop.core.fileutil import NotAFile, TooLarge, read_regular
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import DEFAULT_STATUS, STATUS_LABELS, STATUSES, WorkspaceState
from nsp_desktop.core.store.limits import MAX_NOTE_CHARS, MAX_TEXT_CHARS
from nsp_desktop.core.team import ops as team_ops
from nsp_desktop.core.team.ops import Op

MAX_BYTES = 50 * 1024 * 1024
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")  # as the store writes them


class ImportRefused(Exception):
    """A file that cannot be imported; the message says why in plain words. Nothing was changed."""


@dataclass(frozen=True)
class FileItem:
    id: str
    text: str
    done: bool
    done_at: str | None
    custom: bool


@dataclass(frozen=True)
class FilePolicy:
    id: str
    title: str
    status: str
    status_changed_at: str | None
    owner: str
    due: str
    note: str
    note_updated_at: str | None
    items: tuple[FileItem, ...]

    @property
    def status_set(self) -> bool:
        return bool(
            self.status != DEFAULT_STATUS or self.status_changed_at or self.owner or self.due
        )


@dataclass(frozen=True)
class ExportFile:
    """A validated JSON export."""

    schema_version: int
    toolkit_edition: str
    toolkit_version: str
    workspace: str
    as_of: str
    everything: bool
    policies: tuple[FilePolicy, ...]
    operations: tuple[Op, ...] = ()  # the history behind the file's state (see core/team/exchange)


@dataclass
class Plan:
    """What an import will write, and the human list of what will change."""

    replace: bool
    wipe_policies: tuple[str, ...] | None = None  # replace: these policies; None = all
    ticks: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    statuses: list[tuple[str, str, str | None, str, str]] = field(default_factory=list)
    notes: list[tuple[str, str, str | None]] = field(default_factory=list)
    customs: list[tuple[str, str, str | None]] = field(default_factory=list)
    ticked: list[str] = field(default_factory=list)
    unticked: list[str] = field(default_factory=list)
    status_changes: list[str] = field(default_factory=list)
    note_changes: list[str] = field(default_factory=list)
    custom_added: list[str] = field(default_factory=list)
    custom_removed: list[str] = field(default_factory=list)
    unknown_ids: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[str]:
        """Every change, one line each, for the preview."""
        return (
            [f"Tick: {x}" for x in self.ticked]
            + [f"Untick: {x}" for x in self.unticked]
            + [f"Status: {x}" for x in self.status_changes]
            + [f"Notes changed: {x}" for x in self.note_changes]
            + [f"Add your own item: {x}" for x in self.custom_added]
            + [f"Remove your own item: {x}" for x in self.custom_removed]
        )

    def summary(self) -> str:
        parts = [
            (len(self.ticked), "item(s) ticked"),
            (len(self.unticked), "item(s) unticked"),
            (len(self.status_changes), "status change(s)"),
            (len(self.note_changes), "note(s) changed"),
            (len(self.custom_added), "own item(s) added"),
            (len(self.custom_removed), "own item(s) removed"),
        ]
        said = ", ".join(f"{n} {what}" for n, what in parts if n) or "no changes"
        if self.unknown_ids:
            said += (
                f"; {len(self.unknown_ids)} ID(s) not in this edition of the toolkit"
                " will be kept as retired"
            )
        return said[0].upper() + said[1:] + "."


# Reading and validating --------------------------------------------------------------------


def read(path: str | Path) -> ExportFile:
    """Read and validate an export file; ImportRefused for anything that is not one.

    Only a regular file is read, and never more than MAX_BYTES of it: a device (/dev/zero), a pipe
    or a folder is refused before a byte is read, and the open never waits on a pipe.
    """
    path = Path(path).expanduser()
    try:
        raw = read_regular(path, MAX_BYTES)
    except NotAFile:
        raise ImportRefused(f"{path} is not a regular file; it is not a JSON export.") from None
    except TooLarge:
        raise ImportRefused(f"{path} is too large to be an NSP Desktop export.") from None
    except OSError as error:
        raise ImportRefused(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{path} is not a text file in UTF-8; it is not a JSON export."
        ) from None
    return parse(text, str(path))


def parse(text: str, name: str = "The file") -> ExportFile:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ImportRefused(
            f"{name} is nested too deeply to be an NSP Desktop export. Nothing was changed."
        ) from None
    except ValueError as error:
        raise ImportRefused(
            f"{name} is not valid JSON ({error}); it may be damaged or not an NSP Desktop export."
        ) from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ImportRefused(f"{name} is not an NSP Desktop JSON export.")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused(f"{name} has no valid schema_version; it cannot be imported.")
    if version > JSON_SCHEMA_VERSION:
        raise ImportRefused(
            f"{name} was made by a newer version of NSP Desktop (export format {version}; this"
            f" version reads up to {JSON_SCHEMA_VERSION}). Please update NSP Desktop to import it."
            " Nothing was changed."
        )
    try:
        policies = tuple(_policy(p) for p in _list(data, "policies"))
        scope = data.get("scope") or {}
        return ExportFile(
            schema_version=version,
            toolkit_edition=_str(data, "toolkit_edition"),
            toolkit_version=_str(data, "toolkit_version"),
            workspace=_str(data, "workspace"),
            as_of=_str(data, "as_of"),
            everything=bool(scope.get("everything", False)) if isinstance(scope, dict) else False,
            policies=policies,
            operations=tuple(team_ops.checked(o) for o in data.get("operations") or ()),
        )
    except team_ops.NewerFormat:
        raise ImportRefused(
            f"{name} carries history from a newer version of NSP Desktop; please update to import"
            " it. Nothing was changed."
        ) from None
    except (TypeError, ValueError, KeyError) as error:
        raise ImportRefused(f"{name} is damaged: {error}. Nothing was changed.") from None


def _str(data: dict, key: str) -> str:
    """Text, or "" when missing; ValueError for anything else."""
    return _optional_str(data, key) or ""


def _optional_str(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} should be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{key!r} holds text that is not valid Unicode (a lone surrogate)"
        ) from None
    limit = MAX_NOTE_CHARS if key == "note" else MAX_TEXT_CHARS
    if len(value) > limit:
        raise ValueError(f"{key!r} is longer than the {limit:,} characters it may have")
    return value


def _time(data: dict, key: str) -> str | None:
    """A UTC time as the store writes it (merges compare them as text), or None."""
    value = _optional_str(data, key)
    if value is not None and not _STAMP.fullmatch(value):
        raise ValueError(f"{key!r} should be a time like 2026-01-31T09:00:00Z, not {value!r}")
    return value


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{key!r} should be a list")
    return value


def _policy(data: object) -> FilePolicy:
    if not isinstance(data, dict):
        raise ValueError("each policy should be an object")
    policy_id = _str(data, "id")
    if not policy_id:
        raise ValueError("a policy has no id")
    status = _str(data, "status") or DEFAULT_STATUS
    if status not in STATUSES:
        raise ValueError(f"policy {policy_id!r} has an unknown status {status!r}")
    items = []
    for item in _list(data, "items"):
        if not isinstance(item, dict) or not _str(item, "id"):
            raise ValueError(f"an item of policy {policy_id!r} has no id")
        done = item.get("done", False)
        if not isinstance(done, bool):
            raise ValueError(f"item {item['id']!r}: 'done' should be true or false")
        done_at = _time(item, "done_at")
        if done and not done_at:
            raise ValueError(f"item {item['id']!r} is done but has no done_at")
        items.append(
            FileItem(item["id"], _str(item, "text"), done, done_at, bool(item.get("custom")))
        )
    return FilePolicy(
        id=policy_id,
        title=_str(data, "title") or policy_id,
        status=status,
        status_changed_at=_time(data, "status_changed_at"),
        owner=_str(data, "owner"),
        due=_str(data, "due"),
        note=_str(data, "note"),
        note_updated_at=_time(data, "note_updated_at"),
        items=tuple(items),
    )


# Planning ----------------------------------------------------------------------------------


def edition_note(toolkit: Toolkit, file: ExportFile) -> str | None:
    """A word when the file was made with another edition of the toolkit, else None."""
    if file.toolkit_version == toolkit.version:
        return None
    return (
        f"This file was made with the {file.toolkit_edition or 'unknown'} edition of the toolkit"
        f" ({file.toolkit_version or 'no version'}); this app has the {toolkit.edition} edition"
        f" ({toolkit.version}). Progress is matched by ID; anything this edition lacks is kept as"
        " retired."
    )


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan(toolkit: Toolkit, current: WorkspaceState, file: ExportFile, replace: bool) -> Plan:
    """What importing `file` into `current` would write, and the changes a person would see."""
    result = Plan(replace=replace)
    if replace and not file.everything:
        result.wipe_policies = tuple(p.id for p in file.policies)
    for fp in file.policies:
        page = toolkit.page(fp.id)
        if page is None or page.kind != "policy":
            result.unknown_ids.append(fp.id)
            known_items: set[str] = set()
        else:
            known_items = {i.id for i in page.items}
        here = current.policy(fp.id)
        title = here.title if here and not here.retired else fp.title
        here_items = {i.id: i for i in here.items} if here else {}
        # Own items not yet matched to one in the file, by text (two may share a text).
        here_custom: dict[str, list] = {}
        for mine in here_items.values():
            if mine.custom:
                here_custom.setdefault(_same(mine.text), []).append(mine)
        # Items
        for item in fp.items:
            label = f"{title}: {item.text}"
            if item.custom:
                mine = _match_own(here_custom, here_items.get(item.id), item.text)
                if replace or mine is None:
                    result.customs.append((fp.id, item.text, item.done_at if item.done else None))
                    if mine is None:
                        result.custom_added.append(label)
                    elif item.done != mine.done:
                        (result.ticked if item.done else result.unticked).append(label)
                elif item.done and not mine.done:
                    result.ticks.append((fp.id, mine.id, item.done_at, item.text))
                    result.ticked.append(label)
                continue
            if item.id not in known_items:
                result.unknown_ids.append(f"{fp.id}/{item.id}")
            existing = here_items.get(item.id)
            was_done = bool(existing and existing.done)
            if item.done and (replace or not was_done):
                result.ticks.append((fp.id, item.id, item.done_at, item.text))
            if item.done and not was_done:
                result.ticked.append(label)
            elif replace and was_done and not item.done:
                result.unticked.append(label)
        if replace and here:
            listed = {i.id for i in fp.items}
            for mine in here.items:
                if mine.custom and mine in here_custom.get(_same(mine.text), ()):
                    result.custom_removed.append(f"{title}: {mine.text}")
                elif not mine.custom and mine.done and mine.id not in listed:
                    result.unticked.append(f"{title}: {mine.text}")
        # Status, owner, due
        old = (here.status, here.owner, here.due) if here else (DEFAULT_STATUS, "", "")
        new = (fp.status, fp.owner, fp.due)
        newer = fp.status_changed_at and (
            not here or not here.status_changed_at or fp.status_changed_at > here.status_changed_at
        )
        untouched_here = old == (DEFAULT_STATUS, "", "") and not (here and here.status_changed_at)
        if replace or (fp.status_set and (newer or untouched_here)):
            if fp.status_set:
                result.statuses.append((fp.id, fp.status, fp.status_changed_at, fp.owner, fp.due))
            if new != old:
                result.status_changes.append(f"{title}: {_describe(old)} → {_describe(new)}")
        # Notes
        here_note = here.note if here else ""
        here_at = here.note_updated_at if here else None
        takes = replace or (
            fp.note
            and fp.note != here_note
            and (not here_note.strip() or (fp.note_updated_at or "") > (here_at or ""))
        )
        if takes:
            if fp.note:
                result.notes.append((fp.id, fp.note, fp.note_updated_at))
            if fp.note != here_note:
                result.note_changes.append(title)
    if replace and file.everything:
        listed = {p.id for p in file.policies}
        for here in current.policies:
            if here.id in listed:
                continue
            for mine in here.items:
                if mine.custom:
                    result.custom_removed.append(f"{here.title}: {mine.text}")
                elif mine.done:
                    result.unticked.append(f"{here.title}: {mine.text}")
            if (here.status, here.owner, here.due) != (DEFAULT_STATUS, "", ""):
                old = (here.status, here.owner, here.due)
                result.status_changes.append(
                    f"{here.title}: {_describe(old)} → {_describe((DEFAULT_STATUS, '', ''))}"
                )
            if here.note:
                result.note_changes.append(here.title)
    return result


def _match_own(unmatched: dict[str, list], same_id, text: str):
    """The own item here that a file's own item is: the one with its ID when the text agrees
    (a file exported from this workspace), else any unmatched one with the same text."""
    pool = unmatched.get(_same(text), [])
    if same_id is not None and same_id in pool:
        pool.remove(same_id)
        return same_id
    return pool.pop(0) if pool else None


def _describe(state: tuple[str, str, str]) -> str:
    status, owner, due = state
    text = STATUS_LABELS.get(status, status)
    if owner:
        text += f", owner {owner}"
    if due:
        text += f", due {due}"
    return text


def apply(store, workspace_id: int | None, plan_: Plan, new_workspace: str | None = None):
    """Write a plan in one transaction (into a new workspace when `new_workspace` is given)."""
    return store.import_rows(
        workspace_id,
        new_workspace=new_workspace,
        replace=plan_.replace,
        wipe_policies=plan_.wipe_policies,
        ticks=plan_.ticks,
        statuses=plan_.statuses,
        notes=plan_.notes,
        customs=plan_.customs,
    )
