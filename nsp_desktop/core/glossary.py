"""The acronym glossary kept with the content (content/glossary.toml), read and checked here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from nsp_desktop.core.thesaurus import Thesaurus, ThesaurusError, load_thesaurus

GLOSSARY_FILE = "glossary.toml"


class GlossaryError(Exception):
    """The glossary file is not valid; `problems` lists each problem, naming the file."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class GlossaryEntry:
    """An acronym (`term`) and the spelled-out forms it stands for."""

    term: str
    means: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        """The acronym and every spelled-out form: any of them finds the others."""
        return (self.term, *self.means)


@dataclass(frozen=True)
class Glossary:
    """The search aids kept with the content: acronyms, and the topic thesaurus beside them."""

    entries: tuple[GlossaryEntry, ...] = ()
    thesaurus: Thesaurus = Thesaurus()


def load_glossary(content_root: Path) -> Glossary:
    """Read content/glossary.toml and content/thesaurus.toml; a file that is missing is empty."""
    try:
        thesaurus = load_thesaurus(content_root)
    except ThesaurusError as error:
        raise GlossaryError(error.problems) from None
    path = Path(content_root) / GLOSSARY_FILE
    if not path.exists():
        return Glossary(thesaurus=thesaurus)
    where = f"{Path(content_root).name}/{GLOSSARY_FILE}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise GlossaryError([f"{where}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise GlossaryError([f"{where}: not valid TOML: {error}"]) from None
    problems: list[str] = []
    entries: list[GlossaryEntry] = []
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        raise GlossaryError([f"{where}: write each entry as an [[entry]] table"])
    seen: set[str] = set()
    for number, raw in enumerate(raw_entries, start=1):
        term = raw.get("term") if isinstance(raw, dict) else None
        means = raw.get("means") if isinstance(raw, dict) else None
        if isinstance(means, str):
            means = [means]
        if not isinstance(term, str) or not term.strip():
            problems.append(f"{where}: entry {number} needs a 'term'")
            continue
        if (
            not isinstance(means, list)
            or not means
            or not all(isinstance(m, str) and m.strip() for m in means)
        ):
            problems.append(f"{where}: entry {term!r} needs 'means', a list of spelled-out forms")
            continue
        if term.casefold() in seen:
            problems.append(f"{where}: {term!r} is listed twice")
        seen.add(term.casefold())
        entries.append(GlossaryEntry(term.strip(), tuple(m.strip() for m in means)))
    if problems:
        raise GlossaryError(problems)
    return Glossary(tuple(entries), thesaurus)


def validate_glossary(content_root: Path) -> list[str]:
    """Every problem in the content folder's glossary, or an empty list."""
    try:
        load_glossary(content_root)
    except GlossaryError as error:
        return error.problems
    return []
