"""`nsp-desktop --self-test`: proves an install (a bundle or the source) can read, render, search
and store, with no display and without touching the user's data.

The test is a list of steps run in order on one shared context. A step returns a one-line detail
for the report or raises.
The first failing step ends the run and is named in the report and by a non-zero exit code.
"""

from __future__ import annotations

import html
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from nsp_desktop import APP_NAME, __version__
from nsp_desktop.core import paths

SEARCH_PROBE = "ALPR"  # an acronym the toolkit uses on several pages


@dataclass
class Context:
    """What the steps share: the content to test and a temporary folder for anything written."""

    content_dir: Path
    work_dir: Path
    toolkit: Any = None  # a nsp_desktop.core.models.Toolkit once the content step has run
    html: str = ""
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One check: a name for the report and what to run."""

    name: str
    run: Callable[[Context], str]


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # "ok" or "FAILED"
    ms: float
    detail: str


# The steps -----------------------------------------------------------------------------------


def step_content(ctx: Context) -> str:
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.core.content import load_toolkit

    ctx.toolkit = toolkit = load_toolkit(ctx.content_dir)  # raises ContentError listing problems
    items = sum(len(page.items) for page in toolkit.pages())
    ctx.facts["edition"] = f"{toolkit.edition} (content version {toolkit.version})"
    return (
        f"{len(toolkit.pages())} pages: {len(toolkit.priorities)} priorities, "
        f"{len(toolkit.policies)} policies, {items} checklist items"
    )


def step_render(ctx: Context) -> str:
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.core import render

    total = 0
    for page in ctx.toolkit.pages():
        text = render.page_html(ctx.toolkit, page)
        if f"<h1>{html.escape(page.title)}</h1>" not in text:
            raise AssertionError(f"page {page.id!r} rendered without its title")
        total += len(text)
    ctx.html = render.page_html(ctx.toolkit, ctx.toolkit.policies[0])
    return f"{len(ctx.toolkit.pages())} pages to HTML, {total // 1024} KiB"


def step_search(ctx: Context) -> str:
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.core.glossary import load_glossary
    from nsp_desktop.core.search import SearchIndex

    index = SearchIndex.build(ctx.toolkit, load_glossary(ctx.content_dir))
    hits = index.search(SEARCH_PROBE)
    if not hits or "<b>" not in hits[0].snippet_html:
        raise AssertionError(f"searching {SEARCH_PROBE!r} found nothing, or no marked snippet")
    return f"{SEARCH_PROBE!r}: {len(hits)} hits, best {hits[0].page_id!r}"


def step_store(ctx: Context) -> str:
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.core.store import Store

    folder = ctx.work_dir / "store"
    policy = ctx.toolkit.policies[0]
    item = policy.items[0]
    store = Store.open(folder)
    try:
        workspace = store.current_workspace()
        store.set_done(workspace.id, policy.id, item.id, True)
    finally:
        store.close()
    store = Store.open(folder)
    try:
        ticked = store.done_items(store.current_workspace().id, policy.id)
    finally:
        store.close()
    if item.id not in ticked:
        raise AssertionError("a tick did not survive closing and reopening the store")
    return f"opened, ticked, closed and reopened in {folder.name}/ (temporary)"


def step_editions(ctx: Context) -> str:
    """Signed editions need libsodium's binding, which a bundle can lack: sign and verify."""
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.core.editions import EditionError, keys

    printed = keys.keygen(ctx.work_dir / "probe.key")
    secret = keys.load_signing_key(ctx.work_dir / "probe.key")
    public, signature = keys.signer(keys.sign(secret, b"manifest"))
    keys.verify(public, b"manifest", signature)
    try:
        keys.verify(public, b"changed", signature)
    except EditionError:
        return f"signed and verified with a new key ({printed}); a changed text was refused"
    raise AssertionError("a signature verified a text it was not made for")


def step_qt(ctx: Context) -> str:
    # deferred: each step imports what it proves, so a failure names its step
    from nsp_desktop.documents.offscreen import render_page

    measured = render_page(ctx.html)
    if not measured["inked_samples"]:
        raise AssertionError("the page painted nothing")
    return (
        f"QTextBrowser on {measured['platform']}: {measured['characters']} characters, "
        f"{measured['height']} px tall; {measured['glyphs']}"
    )


STEPS: tuple[Step, ...] = (
    Step("content", step_content),
    Step("render", step_render),
    Step("search", step_search),
    Step("store", step_store),
    Step("editions", step_editions),
    Step("qt", step_qt),
)


# Running and reporting -----------------------------------------------------------------------


def run_steps(steps: tuple[Step, ...] | list[Step], ctx: Context) -> list[Outcome]:
    """Run the steps in order; stop at the first failure, which is the last outcome."""
    outcomes: list[Outcome] = []
    for step in steps:
        start = time.perf_counter()
        try:
            detail = step.run(ctx)
        except Exception as error:  # a self-test reports every failure, whatever its kind
            ms = (time.perf_counter() - start) * 1000
            message = str(error).strip() or type(error).__name__
            outcomes.append(Outcome(step.name, "FAILED", ms, f"{type(error).__name__}: {message}"))
            break
        outcomes.append(Outcome(step.name, "ok", (time.perf_counter() - start) * 1000, detail))
    return outcomes


def report(outcomes: list[Outcome], ctx: Context, out: TextIO) -> int:
    """Print the report; returns the exit code (0, or 1 when a step failed)."""
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(
        f"{APP_NAME} {__version__} self-test ({frozen}, Python {platform.python_version()})",
        file=out,
    )
    print(f"content: {ctx.content_dir}", file=out)
    if "edition" in ctx.facts:
        print(f"edition: {ctx.facts['edition']}", file=out)
    for outcome in outcomes:
        timing = f"{outcome.ms:7.1f} ms"
        detail = outcome.detail.replace("\n", "\n" + " " * 32)  # a content error lists problems
        print(f"  {outcome.name:<8} {outcome.status:<7} {timing}  {detail}", file=out)
    failed = [o for o in outcomes if o.status == "FAILED"]
    total = sum(o.ms for o in outcomes)
    if failed:
        print(f"self-test FAILED at step '{failed[0].name}'", file=out)
        return 1
    print(f"self-test passed in {total:.0f} ms", file=out)
    return 0


def _console() -> TextIO:
    """Standard output, or on a windowed Windows build the console of the shell that started it."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform == "win32":  # pragma: no cover - windowed Windows builds only
        # deferred: only on Windows
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):
            return open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 (lives for the process)
    return open(Path(tempfile.gettempdir()) / "nsp-desktop-self-test.txt", "w", encoding="utf-8")


def main(content_dir: str | Path | None = None, steps: tuple[Step, ...] | None = None) -> int:
    """Run the self-test on the built-in content (or `content_dir`); returns the exit code."""
    out = _console()
    with tempfile.TemporaryDirectory(prefix="nsp-self-test-") as work:
        ctx = Context(Path(content_dir) if content_dir else paths.content_dir(), Path(work))
        code = report(run_steps(steps or STEPS, ctx), ctx, out)
    out.flush()
    return code
