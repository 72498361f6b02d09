"""Dates as a person reads and types them: their locale's order, a four-digit year, local time.

Saved data and JSON/CSV exports keep ISO 8601; only what is shown on screen goes through here.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt

ISO_DATE = "yyyy-MM-dd"


def date_format() -> str:
    """The locale's short date format with the year in full ("M/d/yyyy", "dd/MM/yyyy")."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return ISO_DATE  # no locale set ("C"): ISO reads unambiguously, "d MM yyyy" does not
    return re.sub("y+", "yyyy", locale.dateFormat(QLocale.FormatType.ShortFormat))


def show_date(date: QDate) -> str:
    return QLocale().toString(date, date_format())


def parse_date(text: str) -> QDate | None:
    """A date typed the person's way (or as ISO, or with a two-digit year); None if none."""
    text = text.strip()
    locale = QLocale()
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    long_ = locale.dateFormat(QLocale.FormatType.LongFormat)
    for fmt in (date_format(), short, ISO_DATE, long_, "d MMM yyyy"):
        date = locale.toDate(text, fmt)
        if date.isValid():
            if "yyyy" not in fmt and date.year() < 2000:
                date = date.addYears(100)  # "1/15/27" is 2027, not 1927
            return date
    return None


def local_date(stamp: str | None) -> str:
    """'2026-11-28T21:05:00Z' (UTC) or '2026-11-28' -> that day where the person is, their way."""
    if not stamp:
        return ""
    if "T" in stamp:
        moment = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
        if moment.isValid():
            return show_date(moment.toLocalTime().date())
    date = QDate.fromString(stamp[:10], ISO_DATE)
    return show_date(date) if date.isValid() else stamp
