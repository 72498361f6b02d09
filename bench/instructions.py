"""Instructions to first paint: the app against a bare PySide6 window, counted by valgrind.

Usage: python bench/instructions.py [--steps]
Timings on a shared machine swing by a third from one minute to the next; an instruction count
does not (two runs agree to 0.01%), so a change to start-up can be judged on a single run. Each
process is run under `valgrind --tool=callgrind` and ends the moment its first paint has finished,
so neither count includes shutting down. Counted: the bare window of bench/startup.py, and the app
as a returning user opening on the introduction, reopening on a policy, and on its very first
start. Needs valgrind (Debian: `apt-get install valgrind`); takes about a minute.
--steps instead counts to each step of start-up that nsp_desktop/app.py marks (and the bare
window's like steps), for the returning start: where the difference goes (about ten minutes).
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
from window_mapped import BARE_PHASES, MARK

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
# --steps: the same, ending at one of the steps app.py marks (NSP_DESKTOP_TRACE_STARTUP).
APP_UNTIL_STEP = """
import os, sys
from nsp_desktop import app, cli
app._TRACE = True
app._mark = lambda step: os._exit(0) if step == {step!r} else None
app.main(sys.argv[1:])
"""
APP_STEPS = ("imported", "parsed", "qt-imported", "qapplication", "toolkit", "window-imported")
APP_STEPS += ("render-cache", "window-built", "shown", "painted")
BARE_STEPS = ("python", "qt-imported", "qapplication", "window-built", "shown")


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


def bare_until(step: str) -> str:
    """The bare window of bench/window_mapped.py --phases, ending at `step`."""
    code = BARE_PHASES.replace(MARK.format(step), "__import__('os')._exit(0)")
    assert code != BARE_PHASES, step
    return code


def steps(returning: Path) -> None:
    """Instructions from launch to each step the app marks, and the bare window's alike."""
    args = ("--data-dir", str(returning), "--exit-after-first-paint")
    bare = {step: instructions(bare_until(step)) for step in BARE_STEPS}
    bare["painted"] = instructions(BARE_UNTIL_PAINT)
    app = {"python": instructions("pass")}  # the interpreter's own start, for scale
    for step in APP_STEPS:
        app[step] = instructions(APP_UNTIL_STEP.format(step=step), *args)
    print(
        "instructions (M) from launch to each step: bare window, app returning on the introduction"
    )
    print(f"{'step':16s}{'bare':>9s}{'app':>9s}{'app-bare':>9s}   app's step")
    previous = 0
    for step in ("python", *APP_STEPS):
        b = f"{bare[step] / 1e6:9.1f}" if step in bare else f"{'':9s}"
        gap = f"{(app[step] - bare[step]) / 1e6:+9.1f}" if step in bare else f"{'':9s}"
        print(f"{step:16s}{b}{app[step] / 1e6:9.1f}{gap}   {(app[step] - previous) / 1e6:+7.1f}")
        previous = app[step]


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
        if "--steps" in sys.argv[1:]:
            steps(returning)
            return 0
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
