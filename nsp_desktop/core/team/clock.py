"""Hybrid logical clocks: change times that order correctly even when a laptop's clock is wrong.

A clock reading is text that sorts in time order: milliseconds since 1970, a counter that breaks
ties within one millisecond (or runs on while the wall clock lags behind a reading already seen),
and the device ID, so two devices never produce the same reading.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

_MS_DIGITS = 13
_COUNTER_DIGITS = 5
_COUNTER_MAX = 10**_COUNTER_DIGITS - 1
PATTERN = re.compile(r"([0-9]{13})\.([0-9]{5})\.([0-9a-f]{16})")


def wall_ms() -> int:
    """This computer's clock, in milliseconds since 1970 (UTC)."""
    return time.time_ns() // 1_000_000


def encode(ms: int, counter: int, device: str) -> str:
    return f"{ms:0{_MS_DIGITS}d}.{counter:0{_COUNTER_DIGITS}d}.{device}"


def decode(reading: str) -> tuple[int, int, str]:
    """(milliseconds, counter, device) of a reading; ValueError if it is not one."""
    found = PATTERN.fullmatch(reading)
    if found is None:
        raise ValueError(f"not a clock reading: {reading!r}")
    return int(found[1]), int(found[2]), found[3]


def tick(latest: str | None, wall: int, device: str) -> str:
    """The next reading for a change made now: after `latest` (the newest one seen) and `wall`."""
    if latest is None:
        return encode(wall, 0, device)
    ms, counter = decode(latest)[:2]
    if wall > ms:
        return encode(wall, 0, device)
    if counter >= _COUNTER_MAX:
        return encode(ms + 1, 0, device)
    return encode(ms, counter + 1, device)


def millis(reading: str) -> int:
    return int(reading[:_MS_DIGITS])


def iso(reading: str) -> str:
    """The reading's wall time as the store writes times: UTC ISO 8601 to the second with a Z."""
    moment = datetime.fromtimestamp(millis(reading) / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(stamp: str | None, default: int) -> int:
    """Milliseconds of a stored ISO time, or `default` when there is none or it does not parse."""
    if not stamp:
        return default
    try:
        return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return default
