"""Instructions to first paint: the app against a bare PySide6 window, counted by valgrind.

Usage: python bench/instructions.py
Timings on a shared machine swing by a third from one minute to the next; an instruction count
does not (two runs agree to 0.01%), so a change to start-up can be judged on a single run. Each
process is run under `valgrind --tool=callgrind` and ends the moment its first paint has finished,
so neither count includes shutting down. Counted: the bare window of bench/startup.py, and the app
as a returning user opening on the introduction, reopening on a policy, and on its very first
start. Needs valgrind (Debian: `apt-get install valgrind`); takes about a minute.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, bench_env
from startup import BARE

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402

BARE_UNTIL_PAINT = BARE.replace(
    'print(f"first-paint {time.process_time() * 1000:.1f}", flush=True), app.quit()',
    "__import__('os')._exit(0)",
)
APP_UNTIL_PAINT = """
import os, sys
from nsp_desktop import app, cli
app._report_first_paint = lambda: os._exit(0)
app.main(sys.argv[1:])
"""


def instructions(code: str, *args: str) -> int:
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            PYTHON,
            "-c",
            code,
            *args,
        ],
        capture_output=True,
        text=True,
        env=bench_env(),
        cwd=ROOT,
    )
    found = re.search(r"refs:\s+([\d,]+)", run.stderr)
    if not found:
        raise RuntimeError(run.stderr[-2000:])
    return int(found.group(1).replace(",", ""))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    assert BARE_UNTIL_PAINT != BARE, "bench/startup.py's bare window changed: update the stop"
    policy = load_toolkit(ROOT / "content").policies[0].id
    with tempfile.TemporaryDirectory() as folder:
        returning, on_policy, fresh = (Path(folder, name) for name in ("r", "p", "f"))
        for data in (returning, on_policy):  # a first start: bytecode, caches, the database
            start = [
                PYTHON,
                "-m",
                "nsp_desktop",
                "--data-dir",
                str(data),
                "--exit-after-first-paint",
            ]
            subprocess.run(start, env=bench_env(), cwd=ROOT, capture_output=True, check=True)
        returning.joinpath("settings.json").write_text(json.dumps({"welcomed": True}))
        last = {"welcomed": True, "last_page": policy}
        on_policy.joinpath("settings.json").write_text(json.dumps(last))
        counts = {"bare PySide6 window + QTextBrowser": instructions(BARE_UNTIL_PAINT)}
        for label, data in (
            ("NSP Desktop, returning, introduction", returning),
            ("NSP Desktop, reopening on a policy", on_policy),
            ("NSP Desktop, very first start", fresh),
        ):
            args = ("--data-dir", str(data), "--exit-after-first-paint")
            counts[label] = instructions(APP_UNTIL_PAINT, *args)
    bare = counts["bare PySide6 window + QTextBrowser"]
    print("instructions to first paint (valgrind callgrind)")
    for label, count in counts.items():
        print(f"{label:38s} {count / 1e6:8.1f} M   ratio {count / bare:.3f}   (target <= 1.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
