"""A strict reader for the small YAML subset the content files use in their front matter."""

from __future__ import annotations

import re

Value = str | bool | int | list[dict[str, str]]


class FrontMatterError(ValueError):
    """The front matter is not in the expected shape; the message names the line."""


_KEY = re.compile(r"^([a-z_][a-z0-9_]*):(?: (.*))?$")
_LIST_KEY = re.compile(r"^  - ([a-z_][a-z0-9_]*): (.*)$")
_LIST_CONT = re.compile(r"^    ([a-z_][a-z0-9_]*): (.*)$")


def split(text: str) -> tuple[str, str, int]:
    """Split a file into (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("<!--")):
        if lines[start].startswith("<!--"):
            while start < len(lines) and "-->" not in lines[start]:
                start += 1
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        raise FrontMatterError("line 1: the file must begin with front matter between '---' lines")
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            return "\n".join(lines[start + 1 : end]), "\n".join(lines[end + 1 :]), end + 2
    raise FrontMatterError(f"line {start + 1}: the front matter has no closing '---'")


def _scalar(raw: str, line_no: int) -> str | bool | int:
    raw = raw.strip()
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise FrontMatterError(f"line {line_no}: unterminated quoted value")
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return raw


def parse(text: str, first_line: int = 2) -> dict[str, Value]:
    """Parse `key: value` lines and lists of `- key: value` mappings; reject anything else."""
    result: dict[str, Value] = {}
    current_list: list[dict[str, str]] | None = None
    for offset, line in enumerate(text.split("\n")):
        line_no = first_line + offset
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := _KEY.match(line):
            key, raw = m.group(1), m.group(2)
            if key in result:
                raise FrontMatterError(f"line {line_no}: '{key}' is given twice")
            if raw is None or not raw.strip():
                current_list = []
                result[key] = current_list
            else:
                current_list = None
                result[key] = _scalar(raw, line_no)
        elif (m := _LIST_KEY.match(line)) and current_list is not None:
            current_list.append({m.group(1): str(_scalar(m.group(2), line_no))})
        elif (m := _LIST_CONT.match(line)) and current_list:
            entry = current_list[-1]
            if m.group(1) in entry:
                raise FrontMatterError(f"line {line_no}: '{m.group(1)}' is given twice")
            entry[m.group(1)] = str(_scalar(m.group(2), line_no))
        else:
            raise FrontMatterError(f"line {line_no}: cannot read {line.strip()!r}")
    return result
