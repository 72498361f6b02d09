"""`nsp-desktop progress/check/note` work on the same store as the app, with clear errors."""

import json
import os
import re
import sqlite3
import subprocess
import sys

from nsp_desktop.cli import main
from nsp_desktop.core.store import Store
from tests.helpers import ROOT, copy_content

POLICY = "cancel-detention-contracts"


def run(tmp_path, capsys, *args):
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_then_progress_json_lists_policies_in_order_with_items(tmp_path, capsys):
    assert run(tmp_path, capsys, "check", POLICY, "gather-contract-data")[0] == 0
    assert run(tmp_path, capsys, "check", POLICY, "gather-contract-data")[0] == 0  # idempotent
    code, out, _ = run(tmp_path, capsys, "progress", "--json")
    assert code == 0
    policies = json.loads(out)["policies"]
    assert policies[0]["id"] == "cancel-alpr-contracts"
    assert len(policies) == 11
    detention = next(p for p in policies if p["id"] == POLICY)
    assert detention["priority_id"] == "no-collaboration"
    assert detention["status"] == "not-started"
    assert [(i["id"], i["done"]) for i in detention["items"]] == [
        ("identify-detention-contracts", False),
        ("gather-contract-data", True),
        ("terminate-detention-contracts", False),
    ]
    assert detention["items"][1]["text"].startswith("Gather relevant data")

    assert run(tmp_path, capsys, "check", POLICY, "gather-contract-data", "--undo")[0] == 0
    out = run(tmp_path, capsys, "progress", "--json")[1]
    detention = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)
    assert not any(i["done"] for i in detention["items"])


def test_custom_items_are_in_progress_and_can_be_checked(tmp_path, capsys):
    with Store.open(tmp_path / "data") as store:
        item = store.add_item(store.current_workspace().id, POLICY, "Brief the council")
    assert run(tmp_path, capsys, "check", POLICY, item)[0] == 0
    out = run(tmp_path, capsys, "progress", "--json")[1]
    detention = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)
    assert detention["items"][-1] == {
        **detention["items"][-1],
        "id": item,
        "text": "Brief the council",
        "done": True,
        "custom": True,
    }


def test_note_set_and_print_per_workspace(tmp_path, capsys):
    with Store.open(tmp_path / "data") as store:
        store.create_workspace("Shelby County")
    assert run(tmp_path, capsys, "note", POLICY, "--set", "IGSA renews in March")[0] == 0
    assert run(tmp_path, capsys, "note", POLICY)[1] == "IGSA renews in March\n"
    assert run(tmp_path, capsys, "note", POLICY, "--workspace", "Shelby County")[1] == ""
    run(tmp_path, capsys, "check", POLICY, "gather-contract-data", "--workspace", "shelby county")
    out = run(tmp_path, capsys, "progress", "--workspace", "Shelby County")[1]
    assert "Workspace: Shelby County" in out and "1/3" in out


def test_unknown_ids_and_workspaces_are_clear_errors(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, "check", "no-such-policy", "x")
    assert code == 1 and "unknown policy 'no-such-policy'" in err
    code, _, err = run(tmp_path, capsys, "check", POLICY, "no-such-item")
    assert code == 1 and "unknown item 'no-such-item'" in err and "gather-contract-data" in err
    code, _, err = run(tmp_path, capsys, "note", "nope")
    assert code == 1 and "unknown policy" in err
    code, _, err = run(tmp_path, capsys, "progress", "--workspace", "Atlantis")
    assert code == 1 and "no workspace called 'Atlantis'" in err


def test_progress_shows_retired_items_after_a_content_update(tmp_path, capsys):
    run(tmp_path, capsys, "check", POLICY, "gather-contract-data")
    content = copy_content(tmp_path)
    page = next((content / "policies").glob("*-cancel-detention-contracts.md"))
    page.write_text(page.read_text().replace("{#gather-contract-data}", "{#gather-data}"))
    out = run(tmp_path, capsys, "--content", str(content), "progress", "--json")[1]
    items = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)["items"]
    assert [(i["id"], i["done"], i["retired"]) for i in items][-2:] == [
        ("terminate-detention-contracts", False, False),
        ("gather-contract-data", True, True),
    ]


def test_errors_from_a_real_process_have_no_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path)]
    result = subprocess.run(
        [*command, "check", "nope", "x"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "unknown policy" in result.stderr
    store_file = tmp_path / "nsp-desktop.sqlite3"
    store_file.write_bytes(b"")

    db = sqlite3.connect(store_file)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    result = subprocess.run([*command, "progress"], capture_output=True, text=True, env=env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and "newer version" in result.stderr


def test_progress_listing_never_puts_the_check_mark_beside_a_count_or_status(tmp_path, capsys):
    """✓ is the toolkit's "useful in hostile or preempted states", not "done" (issue 12)."""
    lines = run(tmp_path, capsys, "progress")[1].splitlines()
    assert "✓ after a policy: Useful in hostile or preempted states" in lines[:3]  # the legend
    policies = [line for line in lines if re.match(r"\s*\d+/\d+ ", line)]
    marked = [line for line in policies if "✓" in line]
    assert len(policies) == 11 and 0 < len(marked) < 11
    assert all(line.endswith("  ✓") for line in marked)  # after the title, far from the count
