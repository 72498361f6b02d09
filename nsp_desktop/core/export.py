"""Progress and notes as files that travel: pure functions from the read model to Markdown, HTML,
CSV and JSON text, plus the one atomic writer every export (and the PDF/ODT writers) goes through.

Nothing here imports Qt; `documents/writers.py` turns the HTML into PDF and ODT. What a person
reads first (the summary, the ✓'s meaning, local times) is in `report`.
"""

from __future__ import annotations

import csv
import errno
import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nsp_desktop import __version__
from nsp_desktop.core.fileutil import UnsafeTarget, atomic_write, safe_target
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import (
    DEFAULT_STATUS,
    STATUS_LABELS,
    ItemState,
    PolicyState,
    WorkspaceState,
)
from nsp_desktop.core.report import (
    CHECK_COLUMN,
    CHECK_FIELD,
    CHECK_LABEL,
    LOCAL_TIME,
    Summary,
    TimeStyle,
    iso,
)

JSON_SCHEMA_VERSION = 1
JSON_FORMAT = "nsp-desktop-export"
TEXT_FORMATS = ("md", "html", "csv", "json")
QT_FORMATS = ("pdf", "odt")
FORMATS = ("md", "html", "pdf", "csv", "json", "odt")
SUFFIXES = {
    "md": ".md",
    "html": ".html",
    "pdf": ".pdf",
    "csv": ".csv",
    "json": ".json",
    "odt": ".odt",
}
CSV_COLUMNS = (
    "Workspace", "Priority ID", "Priority", "Policy ID", "Policy", CHECK_COLUMN, "Item ID", "Item",
    "Done", "Done at", "Status", "Owner", "Due", "Custom", "Retired", "Policy notes",
    "Toolkit edition", "As of",
)  # fmt: skip
RETIRED_HEADING = "No longer in this edition of the toolkit"


class ExportError(Exception):
    """An export that cannot be made or written; the message is for the person, in plain words."""


@dataclass(frozen=True)
class Scope:
    """What to export: everything, one priority or one policy; optionally only touched policies."""

    priority_id: str | None = None
    policy_id: str | None = None
    only_with_progress: bool = False

    def describe(self, toolkit: Toolkit) -> str:
        if self.policy_id:
            page = toolkit.page(self.policy_id)
            what = f"policy “{page.title if page else self.policy_id}”"
        elif self.priority_id:
            page = toolkit.page(self.priority_id)
            what = f"priority “{page.title if page else self.priority_id}”"
        else:
            what = "everything"
        return what + (" (only policies with progress or notes)" if self.only_with_progress else "")

    @property
    def is_everything(self) -> bool:
        return not (self.priority_id or self.policy_id or self.only_with_progress)


def has_progress(policy: PolicyState) -> bool:
    """True when the person has done anything to the policy: a tick, status, owner, due, note, item."""
    return bool(
        any(i.done or i.custom for i in policy.items)
        or policy.status != DEFAULT_STATUS
        or policy.owner
        or policy.due
        or policy.note.strip()
    )


def select(toolkit: Toolkit, state: WorkspaceState, scope: Scope) -> list[PolicyState]:
    """The policies in scope, in reading order; ExportError for an unknown priority or policy."""
    if scope.policy_id is not None and state.policy(scope.policy_id) is None:
        known = ", ".join(p.id for p in toolkit.policies)
        raise ExportError(f"There is no policy {scope.policy_id!r}. Policies: {known}.")
    if scope.priority_id is not None and scope.priority_id not in {
        p.id for p in toolkit.priorities
    }:
        known = ", ".join(p.id for p in toolkit.priorities)
        raise ExportError(f"There is no priority {scope.priority_id!r}. Priorities: {known}.")
    chosen = []
    for policy in state.policies:
        if scope.policy_id is not None and policy.id != scope.policy_id:
            continue
        if scope.priority_id is not None and policy.priority_id != scope.priority_id:
            continue
        if scope.only_with_progress and not has_progress(policy):
            continue
        chosen.append(policy)
    return chosen


def _groups(toolkit: Toolkit, policies: Iterable[PolicyState]) -> list[tuple[str, list]]:
    """(heading, policies) per priority in reading order; retired policies last."""
    groups: dict[str | None, list[PolicyState]] = {}
    for policy in policies:
        key = None if policy.retired else policy.priority_id
        groups.setdefault(key, []).append(policy)
    out = []
    for priority in toolkit.priorities:
        if priority.id in groups:
            out.append((priority.title, groups.pop(priority.id)))
    for key, rest in groups.items():
        page = toolkit.page(key) if key else None
        out.append((page.title if page else RETIRED_HEADING, rest))
    return out


# Times -------------------------------------------------------------------------------------


def shown_time(moment: datetime) -> str:
    """A moment as a person reads it in a text export: local time, named zone (`report`)."""
    return LOCAL_TIME.moment(moment)


def edition_line(toolkit: Toolkit) -> str:
    return f"{toolkit.title}: {toolkit.subtitle}, {toolkit.edition} edition (version {toolkit.version})"


def suggested_name(workspace: str, fmt: str, as_of: datetime) -> str:
    """A file name for an export: the workspace and the local date, nothing a file system dislikes."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in workspace).strip("-") or "export"
    return f"nsp-{safe.lower()}-{as_of.astimezone():%Y-%m-%d}{SUFFIXES[fmt]}"


def _facts_of_export(
    toolkit: Toolkit, state: WorkspaceState, scope: Scope, policies: list[PolicyState],
    as_of: datetime, times: TimeStyle,
) -> list[tuple[str, str]]:  # fmt: skip
    """The summary every readable export opens with, as (label, value) pairs."""
    summary = Summary.of(policies)
    facts = [
        ("Workspace", state.workspace.name),
        ("As of", times.moment(as_of)),
        ("Toolkit", edition_line(toolkit)),
        ("Scope", scope.describe(toolkit)),
        ("Overall progress", summary.progress_text()),
        ("Policies by status", summary.status_text()),
        ("Policies with notes", "; ".join(summary.with_notes) or "none"),
    ]
    if any(p.preempted_friendly for p in policies):
        facts.append(("✓ means", toolkit.preempted_legend))
    return facts


def _policy_facts(policy: PolicyState, times: TimeStyle) -> list[tuple[str, str]]:
    """A policy's fields; the ✓ comes with its meaning, apart from the status and the count."""
    facts = []
    if policy.preempted_friendly:
        facts.append((CHECK_FIELD, f"✓ {CHECK_LABEL}"))
    facts += [
        ("Status", _status_text(policy, times)),
        ("Owner", policy.owner or "—"),
        ("Due", times.day(policy.due) or "—"),
        ("Progress", f"{policy.done_count} of {policy.total} items done"),
    ]
    return facts


def _status_text(policy: PolicyState, times: TimeStyle) -> str:
    text = STATUS_LABELS.get(policy.status, policy.status)
    if policy.status_changed_at and policy.status != DEFAULT_STATUS:
        text += f" (since {times.day(policy.status_changed_at)})"
    return text


def _item_tags(item: ItemState, times: TimeStyle) -> list[str]:
    tags = []
    if item.done and item.done_at:
        tags.append(f"done {times.day(item.done_at)}")
    if item.custom:
        tags.append("your own item")
    if item.retired:
        tags.append("no longer in this edition")
    return tags


# Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def _md(text: str) -> str:
    """User or content text made inert in Markdown (no markup, no raw HTML)."""
    return text.translate(_MD_SPECIAL)


def _md_facts(facts: list[tuple[str, str]]) -> list[str]:
    return [f"- **{_md(label)}:** {_md(value)}" for label, value in facts]


def to_markdown(
    toolkit: Toolkit, state: WorkspaceState, scope: Scope, as_of: datetime,
    times: TimeStyle = LOCAL_TIME,
) -> str:  # fmt: skip
    """A readable report: a summary, then per policy its status, owner, due date, items ticked or
    not, and notes."""
    policies = select(toolkit, state, scope)
    lines = [f"# {_md(toolkit.title)}: progress and notes", "", "## Summary", ""]
    lines += _md_facts(_facts_of_export(toolkit, state, scope, policies, as_of, times))
    lines.append("")
    if not policies:
        lines += ["No policies match this scope.", ""]
    for heading, group in _groups(toolkit, policies):
        lines += [f"## {_md(heading)}", ""]
        for policy in group:
            lines += [f"### {_md(policy.title)}", ""]
            lines += _md_facts(_policy_facts(policy, times))
            if policy.retired:
                lines.append("- This policy is no longer in this edition of the toolkit.")
            lines.append("")
            for item in policy.items:
                box = "[x]" if item.done else "[ ]"
                tags = _item_tags(item, times)
                tail = f" ({'; '.join(tags)})" if tags else ""
                lines.append(f"{'    ' * item.depth}- {box} {_md(item.text)}{tail}")
            if policy.items:
                lines.append("")
            if policy.note.strip():
                lines += ["**Notes**", ""]
                lines += [f"> {_md(line)}".rstrip() for line in policy.note.strip().splitlines()]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# HTML --------------------------------------------------------------------------------------

HTML_CSS = """
body { font-family: "Noto Serif", Georgia, "Times New Roman", serif; font-size: 11pt;
       line-height: 1.45; color: #1a1a1a; background: #ffffff; max-width: 46em;
       margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 15pt; margin-top: 1.6em; border-bottom: 1px solid #888888; }
h3 { font-size: 12.5pt; margin-top: 1.2em; }
p.fact { margin: 0.1em 0; }
ul.checklist { list-style: none; padding-left: 0.4em; }
ul.checklist li { margin: 0.15em 0; }
.when, .tag { color: #444444; font-size: 9.5pt; }
.note { white-space: pre-wrap; border-left: 3px solid #888888; padding-left: 0.8em; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2, h3, h4 { page-break-after: avoid; break-after: avoid; }
  section.policy { page-break-inside: avoid; break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_facts(facts: list[tuple[str, str]]) -> list[str]:
    """Each label with its colon and a space in the text itself, so no reader, copy or text
    extraction runs it into the value ("Workspace: My workspace", never "WorkspaceMy …")."""
    return [f'<p class="fact"><b>{_e(label)}:</b> {_e(value)}</p>' for label, value in facts]


def html_body(
    toolkit: Toolkit, state: WorkspaceState, scope: Scope, as_of: datetime,
    times: TimeStyle = LOCAL_TIME,
) -> str:  # fmt: skip
    """The export's content as HTML elements (also what the PDF and ODT writers lay out)."""
    policies = select(toolkit, state, scope)
    out = [f"<h1>{_e(toolkit.title)}: progress and notes</h1>", "<h2>Summary</h2>"]
    out += _html_facts(_facts_of_export(toolkit, state, scope, policies, as_of, times))
    if not policies:
        out.append("<p>No policies match this scope.</p>")
    for heading, group in _groups(toolkit, policies):
        out.append(f"<h2>{_e(heading)}</h2>")
        for policy in group:
            out.append(_policy_html(policy, times))
    return "\n".join(out)


def _policy_html(policy: PolicyState, times: TimeStyle) -> str:
    out = [f'<section class="policy" id="{_e(policy.id)}">', f"<h3>{_e(policy.title)}</h3>"]
    out += _html_facts(_policy_facts(policy, times))
    if policy.retired:
        out.append("<p><em>This policy is no longer in this edition of the toolkit.</em></p>")
    if policy.items:
        out.append('<ul class="checklist">')
        for item in policy.items:
            box = "☑" if item.done else "☐"
            said = "done" if item.done else "not done"
            tags = [
                f'<span class="{"when" if tag.startswith("done ") else "tag"}">{_e(tag)}</span>'
                for tag in _item_tags(item, times)
            ]
            indent = f' style="margin-left: {1.5 * item.depth:g}em"' if item.depth else ""
            out.append(
                f'<li{indent}><span role="img" aria-label="{said}">{box}</span> '
                f"{_e(item.text)} {' '.join(tags)}".rstrip()
                + "</li>"
            )
        out.append("</ul>")
    if policy.note.strip():
        out.append("<h4>Notes</h4>")
        paragraphs = [_e(line) for line in policy.note.strip().splitlines()]
        out.append('<p class="note">' + "<br>".join(paragraphs) + "</p>")
    out.append("</section>")
    return "\n".join(out)


def to_html(
    toolkit: Toolkit, state: WorkspaceState, scope: Scope, as_of: datetime,
    times: TimeStyle = LOCAL_TIME,
) -> str:  # fmt: skip
    """One standalone HTML5 file with print CSS; every piece of text is escaped."""
    title = f"{toolkit.title}: {state.workspace.name}, as of {times.moment(as_of)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="NSP Desktop {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{HTML_CSS}</style>\n</head>\n<body>\n"
        f"{html_body(toolkit, state, scope, as_of, times)}\n</body>\n</html>\n"
    )


# CSV ---------------------------------------------------------------------------------------

# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"),
# full-width forms included (some spreadsheets fold them to the ASCII ones).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def defuse(cell: str) -> str:
    """A cell a spreadsheet shows as the text it is: a leading apostrophe when it would be a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(
    toolkit: Toolkit, state: WorkspaceState, scope: Scope, as_of: datetime, excel: bool = False
) -> str:
    """One row per checklist item (RFC 4180). Formula-like cells are always defused (`defuse`);
    `excel` adds a byte-order mark so Excel reads UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    edition = f"{toolkit.edition} ({toolkit.version})"
    for policy in select(toolkit, state, scope):
        priority = toolkit.page(policy.priority_id or "")
        common: tuple[str, ...] = (
            state.workspace.name,
            policy.priority_id or "",
            priority.title if priority else "",
        )
        common += (policy.id, policy.title, "yes" if policy.preempted_friendly else "no")
        status = STATUS_LABELS.get(policy.status, policy.status)
        rows = [
            (i.id, i.text, "yes" if i.done else "no", i.done_at or "", i.custom, i.retired)
            for i in policy.items
        ] or [("", "", "", "", False, policy.retired)]  # keep a policy with only a note
        for item_id, text, done, done_at, custom, retired in rows:
            row = [*common, item_id, text, done, done_at, status, policy.owner, policy.due]
            row += ["yes" if custom else "no", "yes" if retired or policy.retired else "no"]
            row += [policy.note, edition, iso(as_of)]
            writer.writerow([defuse(c) if isinstance(c, str) else c for c in row])
    return ("\ufeff" if excel else "") + buffer.getvalue()


# JSON --------------------------------------------------------------------------------------


def to_json_document(
    toolkit: Toolkit,
    state: WorkspaceState,
    scope: Scope,
    as_of: datetime,
    operations: list[dict] | None = None,
) -> dict:
    """Everything needed to restore the scope's state exactly (see `importer`).

    `operations`, the history behind it (core/team/exchange), lets a merge of the file untick.
    """
    history = {"operations": operations} if operations else {}
    policies = select(toolkit, state, scope)
    return {
        "format": JSON_FORMAT,
        "schema_version": JSON_SCHEMA_VERSION,
        "app_version": __version__,
        "toolkit_title": toolkit.title,
        "toolkit_edition": toolkit.edition,
        "toolkit_version": toolkit.version,
        "workspace": state.workspace.name,
        "as_of": iso(as_of),
        "scope": {
            "priority": scope.priority_id,
            "policy": scope.policy_id,
            "only_with_progress": scope.only_with_progress,
            "everything": scope.is_everything,
        },
        "summary": Summary.of(policies).as_json(),
        "policies": [
            {
                "id": p.id,
                "title": p.title,
                "priority_id": p.priority_id,
                "preempted_friendly": p.preempted_friendly,  # the toolkit's ✓: CHECK_LABEL
                "retired": p.retired,
                "status": p.status,
                "status_changed_at": p.status_changed_at,
                "owner": p.owner,
                "due": p.due,
                "note": p.note,
                "note_updated_at": p.note_updated_at,
                "items": [item.as_json() for item in p.items],
            }
            for p in policies
        ],
        **history,
    }


def to_json(
    toolkit: Toolkit,
    state: WorkspaceState,
    scope: Scope,
    as_of: datetime,
    operations: list[dict] | None = None,
) -> str:
    document = to_json_document(toolkit, state, scope, as_of, operations)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# Writing -----------------------------------------------------------------------------------


def render_text(
    fmt: str,
    toolkit: Toolkit,
    state: WorkspaceState,
    scope: Scope,
    as_of: datetime,
    excel: bool = False,
    operations: list[dict] | None = None,
    times: TimeStyle = LOCAL_TIME,
) -> str:
    """The text of one of the text formats (md, html, csv, json; JSON with `operations`).
    `times` shows the moments in Markdown and HTML; CSV and JSON keep ISO 8601 in UTC."""
    if fmt == "md":
        return to_markdown(toolkit, state, scope, as_of, times)
    if fmt == "html":
        return to_html(toolkit, state, scope, as_of, times)
    if fmt == "csv":
        return to_csv(toolkit, state, scope, as_of, excel=excel)
    if fmt == "json":
        return to_json(toolkit, state, scope, as_of, operations)
    raise ExportError(f"{fmt!r} is not a text format (text formats: {', '.join(TEXT_FORMATS)}).")


def check_target(path: str | Path) -> Path:
    """The export's file, or ExportError saying why it cannot be written there: before any work
    (or any write to the person's data) is done for it."""
    path = Path(path).expanduser()
    if not path.name:
        raise ExportError(f"Cannot write the export to {str(path)!r}: give a file name.")
    if not path.parent.is_dir():
        raise ExportError(
            f"Cannot write the export to {path}: the folder {path.parent} does not exist."
        )
    try:
        safe_target(path)
    except UnsafeTarget as error:
        raise ExportError(
            f"Cannot write the export to {path}: {error.strerror}. Nothing was written;"
            " choose another file name."
        ) from None
    except OSError as error:  # a name too long, a folder that cannot be searched, ...
        raise ExportError(_explain(path, error)) from None
    return path


def write_file(path: str | Path, data: bytes | str) -> Path:
    """Write an export atomically; any failure is an ExportError and leaves no partial file.

    Only a regular file is ever replaced (a symlink is followed to one): see `fileutil`.
    """
    path = check_target(path)
    try:
        return atomic_write(path, data, mode=None)  # exports are for sharing: the umask decides
    except UnsafeTarget as error:  # it changed since the check
        raise ExportError(
            f"Cannot write the export to {path}: {error.strerror}. Nothing was written;"
            " choose another file name."
        ) from None
    except OSError as error:
        raise ExportError(_explain(path, error)) from None


def _explain(path: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "you do not have permission to write there (or the disk is read-only)"
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
    elif error.errno == errno.ENAMETOOLONG:
        why = "the file name is too long for this disk (at most 255 bytes)"
    else:
        why = error.strerror or str(error)
    return f"Cannot write the export to {path}: {why}. Nothing was written; choose another folder."


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
