"""Reads the running app through AT-SPI, as a screen reader does, and drives it by keyboard.

Run by test_atspi.py with the system Python (Debian's python3-gi and gir1.2-atspi-2.0), inside
the same D-Bus session and X display as the app. Prints one JSON object with what it found.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP_NAMES = ("NSP Desktop", "nsp-desktop", "nsp_desktop", "python3", "python")
State, Role = Atspi.StateType, Atspi.Role
# Controls a person operates: each must have a name a screen reader can say.
CONTROLS = {
    Role.PUSH_BUTTON,
    Role.TOGGLE_BUTTON,
    Role.CHECK_BOX,
    Role.RADIO_BUTTON,
    Role.COMBO_BOX,
    Role.ENTRY,
    Role.PASSWORD_TEXT,
    Role.SPIN_BUTTON,
    Role.MENU,
    Role.MENU_ITEM,
    Role.CHECK_MENU_ITEM,
    Role.RADIO_MENU_ITEM,
    Role.LIST,
    Role.LIST_ITEM,
    Role.TREE,
    Role.TREE_TABLE,
    Role.TREE_ITEM,
    Role.TABLE,
    Role.TABLE_CELL,
    Role.TEXT,
    Role.SLIDER,
    Role.PROGRESS_BAR,
}
POLICY_WORDS = "Cancel Automated License Plate Reader"


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def key(*names: str) -> None:
    """Press keys on the X display (xdotool: XTEST, as a keyboard would)."""
    subprocess.run(["xdotool", "key", "--delay", "60", *names], check=True)
    time.sleep(0.25)


def find_app(deadline: float):
    desktop = Atspi.get_desktop(0)
    while time.monotonic() < deadline:
        for index in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(index)
            if app is None:
                continue
            for frame in children(app):
                if frame.get_role() == Role.FRAME and "NSP Desktop" in (frame.get_name() or ""):
                    return app, frame
        time.sleep(0.3)
    raise SystemExit(json.dumps({"error": "the app never appeared on the accessibility bus"}))


def children(node) -> list:
    try:
        return [c for c in (node.get_child_at_index(i) for i in range(node.get_child_count())) if c]
    except Exception:  # an object that went away while we read it
        return []


def states(node) -> set:
    try:
        state_set = node.get_state_set()
        return {s for s in State.__enum_values__.values() if state_set.contains(s)}
    except Exception:
        return set()


def walk(node, depth: int = 0):
    """Every object that is showing, depth first (hidden subtrees are skipped)."""
    if depth > 40:
        return
    yield node
    for child in children(node):
        if State.SHOWING in states(child):
            yield from walk(child, depth + 1)


def describe(node) -> str:
    try:
        text = f"{node.get_role_name()} {node.get_name()!r}"
        if not node.get_name():
            parent = node.get_parent()
            text += f" in {parent.get_role_name()} {parent.get_name()!r}"
        return text
    except Exception:
        return "?"


def unnamed_controls(frame) -> list[str]:
    found = []
    for node in walk(frame):
        try:
            role, name = node.get_role(), (node.get_name() or "").strip()
        except Exception:
            continue
        if role in CONTROLS and not name:
            parent = node.get_parent()
            found.append(f"{node.get_role_name()} in {describe(parent)}")
    return found


ITEMS = {Role.TABLE_CELL, Role.TREE_ITEM, Role.LIST_ITEM, Role.CHECK_BOX}
VIEWS = {Role.TREE, Role.TREE_TABLE, Role.TABLE, Role.LIST, Role.LIST_BOX}


def focused(frame):
    """What has the keyboard: the focused control, or in a focused view its current item.
    (Qt marks a view's current item focused even while the view itself is not.)"""
    frame.clear_cache()  # states are cached: a screen reader follows events, we look afresh
    found = None
    for node in walk(frame):
        role = node.get_role()
        if State.FOCUSED not in states(node):
            continue
        in_view = any(a.get_role() in VIEWS for a in ancestors(node)[1:3])
        if role in ITEMS and in_view:
            view = next(a for a in ancestors(node)[1:3] if a.get_role() in VIEWS)
            if found is view:
                found = node
        elif role not in ITEMS or not in_view:
            found = node
    return found


def ancestors(node) -> list:
    out = []
    while node is not None:
        out.append(node)
        try:
            node = node.get_parent()
        except Exception:
            break
    return out


def inside(node, role, name: str) -> bool:
    return any(a.get_role() == role and a.get_name() == name for a in ancestors(node)[1:])


TABBED: list[str] = []  # where each Tab went, for the report


def tab_until(frame, wanted, presses: int = 40):
    """Press Tab until `wanted(focused object)` holds; the object, or None."""
    for _ in range(presses):
        now = focused(frame)
        TABBED.append(describe(now))
        if now is not None and wanted(now):
            return now
        key("Tab")
    return None


def checklist_items(frame) -> list:
    for node in walk(frame):
        if node.get_role() == Role.LIST and node.get_name() == "Checklist":
            return [c for c in children(node) if c.get_role() in (Role.LIST_ITEM, Role.CHECK_BOX)]
    return []


def main() -> None:
    deadline = time.monotonic() + 40
    app, frame = find_app(deadline)
    time.sleep(1.5)  # the panels are built just after the first paint
    report: dict = {"app": app.get_name(), "frame": frame.get_name()}
    report["unnamed_at_start"] = unnamed_controls(frame)

    # Open a policy from the contents, by keyboard alone.
    in_contents = tab_until(
        frame,
        lambda n: (
            inside(n, Role.TREE, "Table of contents")
            or (n.get_role() == Role.TREE and n.get_name() == "Table of contents")
        ),
    )
    report["reached_contents"] = in_contents is not None
    opened = False
    seen = []
    for _ in range(12):
        now = focused(frame)
        seen.append(describe(now))
        if now is not None and POLICY_WORDS in (now.get_name() or ""):
            key("Return")
            opened = True
            break
        key("Down")
    time.sleep(0.8)
    report["opened_policy"] = opened and POLICY_WORDS in (frame.get_name() or "")
    report["title_after_open"] = frame.get_name()
    report["seen_in_contents"] = seen
    report["unnamed_on_policy"] = unnamed_controls(frame)

    # Tab to the checklist and tick the first item with Space.
    reached = tab_until(
        frame,
        lambda n: (
            (n.get_role() == Role.LIST and n.get_name() == "Checklist")
            or inside(n, Role.LIST, "Checklist")
        ),
    )
    report["reached_checklist"] = reached is not None
    report["unnamed_focus"] = sorted({t for t in TABBED if " '' " in t or t.endswith("''")})
    report["tabbed"] = TABBED[-45:]
    items = checklist_items(frame)
    report["items"] = len(items)
    if items:
        first = items[0]
        report["item_name"] = first.get_name()
        report["item_checkable"] = State.CHECKABLE in states(first)
        report["item_checked_before"] = State.CHECKED in states(first)
        key("space")
        time.sleep(0.8)
        items = checklist_items(frame)
        report["item_checked_after"] = bool(items) and State.CHECKED in states(items[0])
    # The dashboard, by its key: every cell, filter and button named.
    key("ctrl+d")
    time.sleep(1.0)
    board = next((f for f in children(app) if "Dashboard" in (f.get_name() or "")), None)
    report["dashboard_found"] = board is not None
    report["unnamed_on_dashboard"] = unnamed_controls(board) if board is not None else []
    marks = [n.get_name() for n in walk(frame) if "✓" in (n.get_name() or "")]
    report["check_marks_said"] = marks
    print(json.dumps(report))


if __name__ == "__main__":
    main()
