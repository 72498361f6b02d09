"""A screen reader's view: the real app on an X display, read through AT-SPI on the accessibility bus.

Runs the app (xcb, QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1) under Xvfb in its own D-Bus session, and
reads it with Debian's python3-gi (tests/ui/atspi_reader.py), pressing keys with xdotool.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"
NEEDS = "apt-get install xvfb xdotool dbus at-spi2-core python3-gi gir1.2-atspi-2.0"

SESSION = r"""
set -u
dir="$1"; app_python="$2"; reader="$3"
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
for _ in $(seq 100); do [ -s "$dir/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$dir/display")"
export QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1
unset QT_LOGGING_RULES
"$app_python" -m nsp_desktop --data-dir "$dir/data" >"$dir/app.log" 2>&1 &
app=$!
window=$(timeout 40 xdotool search --sync --onlyvisible --name "NSP Desktop" | head -1)
[ -n "$window" ] && xdotool windowfocus --sync "$window"
/usr/bin/python3 "$reader"
status=$?
kill "$app" "$xvfb" 2>/dev/null
exit $status
"""


def _missing() -> str:
    tools = [t for t in ("Xvfb", "xdotool", "dbus-run-session") if shutil.which(t) is None]
    probe = "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True).returncode
    ):
        tools.append("python3-gi with gir1.2-atspi-2.0")
    if not any(Path(p).exists() for p in ("/usr/libexec/at-spi-bus-launcher",)):
        tools.append("at-spi2-core")
    return ", ".join(tools)


@pytest.fixture(scope="module")
def heard(tmp_path_factory):
    """What the reader found and did, as a dict (one run of the app for the module)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("AT-SPI is the Linux accessibility bus")
    missing = _missing()
    if missing:
        pytest.skip(f"needs {missing} (Debian: {NEEDS})")
    folder = tmp_path_factory.mktemp("atspi")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(folder))
    run = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "bash",
            "-c",
            SESSION,
            "session",
            str(folder),
            sys.executable,
            str(READER),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=150,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    log = (folder / "app.log").read_text(errors="replace") if (folder / "app.log").exists() else ""
    assert lines, f"the reader said nothing:\n{run.stderr[-3000:]}\napp log:\n{log[-2000:]}"
    report = json.loads(lines[-1])
    assert "error" not in report, report["error"]
    return report


def test_every_control_showing_has_a_name(heard):
    assert heard["unnamed_at_start"] == []
    assert heard["unnamed_on_policy"] == []
    assert heard["unnamed_focus"] == []  # what Tab lands on is always announced by name
    assert heard["dashboard_found"] and heard["unnamed_on_dashboard"] == []


def test_a_policy_opens_and_an_item_ticks_by_keyboard_alone(heard):
    assert heard["reached_contents"] and heard["opened_policy"], heard.get("seen_in_contents")
    assert heard["reached_checklist"], heard.get("tabbed")
    assert heard["items"] >= 1


def test_a_checklist_item_is_announced_checkable_then_checked(heard):
    assert heard["item_checkable"]
    assert not heard["item_checked_before"]
    assert heard["item_checked_after"]


def test_the_check_mark_is_said_with_its_meaning(heard):
    policies = [m for m in heard["check_marks_said"] if " — ✓ " in m]
    assert policies and all("preempted" in m for m in policies)
