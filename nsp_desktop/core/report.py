"""What a person reads in an export before the details: the summary, the ✓ named for what it
means, and times in their own time zone (ISO 8601 UTC stays in the JSON and CSV machines read).

No Qt here: the PDF and ODT writers pass their own `TimeStyle` (the locale's format, from Qt) so
a document's header and body agree; Markdown and HTML from the command line use `LOCAL_TIME`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from nsp_desktop.core.progress import STATUS_LABELS, STATUSES, PolicyState

# What the toolkit's ✓ means, short enough for a label or a column heading. Beside a policy it
# always comes with these words, so it cannot be read as "done".
CHECK_LABEL = "Useful in hostile or preempted states"
CHECK_FIELD = "Toolkit mark"  # the label of the field that carries it
CHECK_COLUMN = f"✓ {CHECK_LABEL}"  # the CSV column

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Times -------------------------------------------------------------------------------------


def local_date(stamp: str | None) -> date | None:
    """The reader's calendar day of a stored stamp: a moment ("…T09:00:00Z") is moved into the
    local time zone first; a plain date ("2026-05-01") is that day. None when it is neither."""
    if not stamp:
        return None
    try:
        if "T" in stamp:
            return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().date()
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def plain_day(day: date) -> str:
    """A day no reader can misread, whatever their country: 14 Mar 2026."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plain_moment(moment: datetime) -> str:
    """A moment in the local time zone, named: 14 Mar 2026, 11:09 EDT."""
    local = moment.astimezone()
    zone = local.tzname() or local.strftime("%z")
    return f"{plain_day(local.date())}, {local:%H:%M} {zone}".rstrip()


@dataclass(frozen=True)
class TimeStyle:
    """How a document shows moments and days to a person."""

    moment_of: Callable[[datetime], str]
    day_of: Callable[[date], str]

    def moment(self, moment: datetime) -> str:
        return self.moment_of(moment)

    def day(self, stamp: str | None) -> str:
        """A stored stamp or date as a local day; text that is neither is shown as it is."""
        day = local_date(stamp)
        return self.day_of(day) if day else (stamp or "")


LOCAL_TIME = TimeStyle(plain_moment, plain_day)


def iso(moment: datetime) -> str:
    """A moment as the store writes it: UTC, ISO 8601 to the second, with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The few figures a reader wants first, over the policies an export holds."""

    policies: int
    done: int
    total: int
    statuses: tuple[tuple[str, int], ...]  # (status ID, policies), in workflow order, non-zero
    with_notes: tuple[str, ...]  # titles

    @classmethod
    def of(cls, policies: Iterable[PolicyState]) -> Summary:
        chosen = list(policies)
        current = [p for p in chosen if not p.retired]
        counts = Counter(p.status for p in current)
        order = [*STATUSES, *sorted(set(counts) - set(STATUSES))]
        return cls(
            policies=len(current),
            done=sum(p.done_count for p in current),
            total=sum(p.total for p in current),
            statuses=tuple((s, counts[s]) for s in order if counts[s]),
            with_notes=tuple(p.title for p in chosen if p.note.strip()),
        )

    def progress_text(self) -> str:
        policies = "policy" if self.policies == 1 else "policies"
        return f"{self.done} of {self.total} checklist items done, in {self.policies} {policies}"

    def status_text(self) -> str:
        """Counts per status, "Not started: 9; Drafting: 1" (never beside a ✓)."""
        said = [f"{STATUS_LABELS.get(s, s)}: {n}" for s, n in self.statuses]
        return "; ".join(said) or "—"

    def as_json(self) -> dict:
        return {
            "policies": self.policies,
            "items_done": self.done,
            "items_total": self.total,
            "policies_by_status": dict(self.statuses),
            "policies_with_notes": list(self.with_notes),
        }
