"""Loads the toolkit from content/ and says clearly what is wrong with a file that is not valid."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from nsp_desktop.core import frontmatter
from nsp_desktop.core.models import Block, Checklist, ChecklistItem, Page, Resource, Toolkit

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ITEM = re.compile(
    r"^(?P<indent> *)(?P<marker>\d+\.|-) \[[ xX]?\] (?:\{#(?P<id>[^}\s]*)\} ?)?(?P<text>.*)$"
)
_LINK_TARGET = re.compile(r"\]\(([a-z]+):([^)\s]*)\)")
# Every link or image target Markdown would follow: inline `[t](x)` / `![t](x)`, and reference
# definitions `[t]: x`. Only page:, resource: and (for images) files inside the folder are allowed.
_ANY_TARGET = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_RAW_HTML = re.compile(r"<[A-Za-z!?/]")  # a tag, comment, declaration or autolink
TOOLKIT_FILE = "toolkit.md"
MAX_PAGE_BYTES = 2 * 1024 * 1024  # the longest real page is ~20 KB


class ContentError(Exception):
    """The content folder is not valid; `problems` lists every problem found, each naming a file."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _parse_blocks(body: str, where: str, problems: list[str]) -> tuple[Block, ...]:
    """Split a page body into Markdown text and checklists written as `1. [ ] {#id} text`."""
    blocks: list[Block] = []
    text_lines: list[str] = []
    items: list[dict] = []
    stack: list[tuple[int, str]] = []  # (indent, id) of the open items, outermost first

    def flush_text() -> None:
        if "".join(text_lines).strip():
            blocks.append("\n".join(text_lines).strip("\n"))
        text_lines.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Checklist(tuple(ChecklistItem(**item) for item in items)))
        items.clear()
        stack.clear()

    lines = body.split("\n")
    for number, line in enumerate(lines, start=1):
        match = _ITEM.match(line)
        if match:
            flush_text()
            indent = len(match["indent"])
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if indent and not stack:
                problems.append(f"{where} body line {number}: a sub-item has no parent item")
            item_id = match["id"]
            if not item_id:
                problems.append(f"{where} body line {number}: checklist item has no {{#id}}")
                item_id = f"missing-id-{number}"
            elif not ID.match(item_id):
                problems.append(f"{where} body line {number}: bad checklist item ID {item_id!r}")
            items.append(
                {
                    "id": item_id,
                    "markdown": match["text"].strip(),
                    "depth": len(stack),
                    "parent_id": stack[-1][1] if stack else None,
                    "numbered": match["marker"] != "-",
                }
            )
            stack.append((indent, item_id))
        elif items and line.strip() and line.startswith(" "):
            items[-1]["markdown"] += " " + line.strip()
        elif items and not line.strip():
            following = next((rest for rest in lines[number:] if rest.strip()), "")
            if not (_ITEM.match(following) or following.startswith(" ")):
                flush_items()
        else:
            flush_items()
            text_lines.append(line)
    flush_items()
    flush_text()
    return tuple(blocks)


def _resources(meta: dict, where: str, problems: list[str]) -> tuple[Resource, ...]:
    found = []
    for entry in meta.get("resources", []) or []:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("label"):
            problems.append(f"{where}: every resource needs an 'id' and a 'label'")
            continue
        found.append(Resource(entry["id"], entry["label"]))
    return tuple(found)


def _summary_items(meta: dict, where: str, problems: list[str]) -> tuple[ChecklistItem, ...]:
    found = []
    for entry in meta.get("checklist", []) or []:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("text"):
            problems.append(f"{where}: every checklist entry needs an 'id' and a 'text'")
            continue
        if not ID.match(entry["id"]):
            problems.append(f"{where}: bad checklist item ID {entry['id']!r}")
        found.append(ChecklistItem(entry["id"], entry["text"], numbered=False))
    return tuple(found)


def _read_page(path: Path, kind: str, root: Path, problems: list[str]) -> tuple[Page, dict] | None:
    where = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.append(f"{where}: not a regular file")
            return None
        if info.st_size > MAX_PAGE_BYTES:
            problems.append(f"{where}: larger than {MAX_PAGE_BYTES // 1024} KB; not a toolkit page")
            return None
        text = path.read_text(encoding="utf-8")
        raw_meta, body, body_line = frontmatter.split(text)
        meta = frontmatter.parse(raw_meta)
    except UnicodeDecodeError:
        problems.append(f"{where}: not UTF-8 text")
        return None
    except OSError as error:
        problems.append(f"{where}: cannot be read ({error.strerror or error})")
        return None
    except frontmatter.FrontMatterError as error:
        problems.append(f"{where}: malformed front matter: {error}")
        return None
    before = len(problems)
    for key in ("id", "title"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            problems.append(f"{where}: front matter is missing '{key}'")
    if len(problems) > before:
        return None
    page_id = str(meta["id"])
    if not ID.match(page_id):
        problems.append(f"{where}: bad ID {meta['id']!r} (use lower-case words joined by '-')")
    priority = meta.get("priority")
    if kind == "policy" and not isinstance(priority, str):
        problems.append(f"{where}: front matter is missing 'priority'")
    order = meta.get("order", 0)
    if not isinstance(order, int):
        problems.append(f"{where}: 'order' must be a whole number")
        order = 0
    page = Page(
        id=page_id,
        kind=kind,
        title=str(meta["title"]),
        source=where,
        blocks=_parse_blocks(body, where, problems),
        resources=_resources(meta, where, problems),
        priority_id=priority if kind == "policy" and isinstance(priority, str) else None,
        order=order,
        preempted_friendly=meta.get("preempted_friendly") is True,
        summary_items=_summary_items(meta, where, problems),
    )
    return page, meta


def _check_markdown(page: Page, text: str, root: Path, problems: list[str]) -> None:
    """Content is Markdown only: no raw HTML, and nothing that reaches outside the folder."""
    from nsp_desktop.core.render import image_problem  # deferred: Markdown only to validate

    if raw := _RAW_HTML.search(text):
        found = raw.group(0)
        problems.append(
            f"{page.source}: raw HTML or an <...> link ({found!r}...) is not allowed; write"
            " Markdown, and `&lt;` for a literal '<'"
        )
    targets = [(bang == "!", target) for bang, target in _ANY_TARGET.findall(text)]
    targets += [(False, target) for target in _REFERENCE.findall(text)]
    for is_image, target in targets:
        if is_image:
            why = image_problem(root, target)
            if why:
                problems.append(f"{page.source}: image {target!r}: {why}")
        elif not re.fullmatch(r"(page|resource):[^\s]*", target):
            problems.append(
                f"{page.source}: link to {target!r}: links may only go to page:ID or resource:ID"
                " (this edition is offline; a file, network or web address is not allowed)"
            )


def _check_page(page: Page, page_ids: set[str], problems: list[str], root: Path) -> None:
    seen: set[str] = set()
    for item in page.items:
        if item.id in seen:
            problems.append(f"{page.source}: duplicate checklist item ID {item.id!r}")
        seen.add(item.id)
    if page.kind == "policy" and not page.items:
        problems.append(f"{page.source}: policy {page.id!r} has an empty checklist")
    texts = [b for b in page.blocks if isinstance(b, str)] + [i.markdown for i in page.items]
    _check_markdown(page, "\n".join(texts), root, problems)
    for scheme, target in _LINK_TARGET.findall("\n".join(texts)):
        if scheme == "resource" and page.resource(target) is None:
            problems.append(f"{page.source}: link to undeclared resource {target!r}")
        elif scheme == "page" and target not in page_ids:
            problems.append(f"{page.source}: link to unknown page {target!r}")


def load_toolkit(root: Path) -> Toolkit:
    """Read and validate a content folder; raise ContentError listing every problem."""
    root = Path(root)
    problems: list[str] = []
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])
    intro_path = root / TOOLKIT_FILE
    intro = _read_page(intro_path, "introduction", root, problems) if intro_path.exists() else None
    if not intro_path.exists():
        problems.append(f"{intro_path}: missing (it holds the introduction and the edition)")
    priorities = [
        r
        for p in sorted((root / "priorities").glob("*.md"))
        if (r := _read_page(p, "priority", root, problems))
    ]
    policies = [
        r
        for p in sorted((root / "policies").glob("*.md"))
        if (r := _read_page(p, "policy", root, problems))
    ]
    if not priorities:
        problems.append(f"{root / 'priorities'}: no priority files found")
    if not policies:
        problems.append(f"{root / 'policies'}: no policy files found")

    all_pages = ([intro] if intro else []) + priorities + policies
    first_seen: dict[str, str] = {}
    for page, _ in all_pages:
        if page.id in first_seen:
            problems.append(
                f"{page.source}: duplicate ID {page.id!r} (also in {first_seen[page.id]})"
            )
        first_seen.setdefault(page.id, page.source)
    priority_ids = {page.id for page, _ in priorities}
    for page, _ in policies:
        if page.priority_id is not None and page.priority_id not in priority_ids:
            problems.append(f"{page.source}: unknown priority {page.priority_id!r}")
    for page, _ in all_pages:
        _check_page(page, set(first_seen), problems, root)

    meta = intro[1] if intro else {}
    for key in ("edition", "version", "toolkit_title"):
        if intro and not meta.get(key):
            problems.append(f"{intro[0].source}: front matter is missing '{key}'")
    if problems or intro is None:
        raise ContentError(problems or [f"{intro_path}: missing"])

    ordered_priorities = sorted((p for p, _ in priorities), key=lambda p: (p.order, p.id))
    rank = {p.id: n for n, p in enumerate(ordered_priorities)}
    ordered_policies = sorted(
        (p for p, _ in policies), key=lambda p: (rank[p.priority_id or ""], p.order, p.id)
    )
    return Toolkit(
        title=str(meta["toolkit_title"]),
        subtitle=str(meta.get("subtitle", "")),
        edition=str(meta["edition"]),
        version=str(meta["version"]),
        publisher=str(meta.get("publisher", "")),
        preempted_legend=str(meta.get("preempted_legend", "")),
        introduction=intro[0],
        priorities=tuple(ordered_priorities),
        policies=tuple(ordered_policies),
        root=root,
    )


def validate(root: Path) -> list[str]:
    """Every problem in a content folder, or an empty list when it is valid."""
    # deferred: tomllib only to validate
    from nsp_desktop.core.glossary import validate_glossary
    from nsp_desktop.core.thesaurus import validate_targets

    try:
        toolkit = load_toolkit(root)
    except ContentError as error:
        return error.problems + validate_glossary(root)
    return validate_glossary(root) + validate_targets(toolkit)
