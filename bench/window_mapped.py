"""Start-up as a person sees it: launch -> window mapped -> first frame, timed from outside.

Usage: python bench/window_mapped.py [--runs N] [--phases]
The bench starts its own X server (Xvfb, a display number of its own, black root) and watches
it: it is told when a process makes a top-level window and maps it (SubstructureNotify on the
root), and when pixels are drawn into that window (the DAMAGE extension); the first drawing
whose pixels are not all one colour is the first frame. Every process is launched the way a
person's desktop launches it and ended by SIGTERM, as a logout would, the moment its first
frame is on screen: nothing the app does on quitting is counted.

Timed, interleaved (the order turns each round) after one discarded warm-up of each:
- bare: the PySide6 window with a QTextBrowser of bench/startup.py;
- returning: `nsp-desktop --data-dir D` (the command beside this Python; `python -m nsp_desktop`
  without one), D welcomed and its caches made (by one start that quits, as a first session);
- first: the same on an empty data folder (welcome page, no cache, no database).
Also seen from outside: when the process's X connection makes its first (helper) window, which
Qt does while QApplication is constructed, and when the main window is created (on show()).

PYTHONDONTWRITEBYTECODE is unset, as a user's install and a bundle have cached bytecode.
--phases adds the inside view: the app prints timestamps at each step of start-up when
NSP_DESKTOP_TRACE_STARTUP is set (see nsp_desktop/app.py), the bare window likewise; both
clocks are CLOCK_MONOTONIC, so they line up with the outside events. Needs Xvfb and
python-xlib (`pip install .[bench]`).
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, bench_env
from startup import BARE
from Xlib import X, display
from Xlib.ext import damage

# The bare window of bench/startup.py, left open: it is ended like the app, by SIGTERM.
BARE_OPEN = BARE.replace(", app.quit()", "")
# The same, saying when it reaches each step (for --phases).
MARK = (
    "print('startup-mark {} %.3f %.3f' % (time.perf_counter() * 1000, time.process_time() * 1000),"
    " file=sys.stderr, flush=True)"
)
BARE_PHASES = (
    "import sys, time\n"
    + MARK.format("python")
    + BARE_OPEN.replace(
        "app = QApplication(",
        MARK.format("qt-imported") + "\napp = QApplication(",
    )
    .replace("window = QMainWindow()", MARK.format("qapplication") + "\nwindow = QMainWindow()")
    .replace("window.show()", MARK.format("window-built") + "\nwindow.show()")
    .replace("app.exec()", MARK.format("shown") + "\napp.exec()")
)
EVENTS = ("x-client", "window", "mapped", "frame")
TIMEOUT = 30.0
SETTLE = 0.3  # seconds between one process's end and the next launch


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An X server of the bench's own; Xvfb picks a free display number and tells it."""
    if shutil.which("Xvfb") is None:
        sys.exit("Xvfb is not installed (Debian: apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"]
        + ["-br", "-nocursor"],  # black root: a window nothing has drawn into yet is uniform
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            sys.exit("Xvfb did not start")
        number += chunk
    os.close(read)
    return server, f":{int(number)}"


class Watcher:
    """Tells, for one launch at a time, when its windows are made, mapped and first drawn."""

    def __init__(self, name: str):
        self.display = display.Display(name)
        self.display.damage_query_version()  # the protocol asks for it before any damage request
        self.display.set_error_handler(lambda *_: None)  # a helper window may be gone already
        self.root = self.display.screen().root
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.display.sync()

    def drain(self) -> None:
        self.display.sync()
        while self.display.pending_events():
            self.display.next_event()

    def launch(self, command: list[str], env: dict[str, str]) -> tuple[dict[str, float], str]:
        """Milliseconds from launch to each of EVENTS (and to each `startup-mark` the process
        printed on stderr, on the same clock); the process's stderr."""
        self.drain()
        time.sleep(SETTLE)  # the last process's teardown (here and in the X server) is over
        self.drain()
        seen: dict[str, float] = {}
        damage_kind = self.display.extension_event.DamageNotify
        log = tempfile.TemporaryFile(mode="w+")
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True
        )
        try:
            while "frame" not in seen:
                if time.perf_counter() - start > TIMEOUT or process.poll() is not None:
                    raise RuntimeError(f"no first frame from {command[:4]}: {seen}")
                select.select([self.display], [], [], 0.5)
                while self.display.pending_events() and "frame" not in seen:
                    event = self.display.next_event()
                    now = (time.perf_counter() - start) * 1000
                    if event.type == X.CreateNotify and not event.override:
                        seen.setdefault("x-client", now)  # Qt's helper window, then the real one
                        if event.width > 50:  # the main window (the helpers are a few pixels)
                            seen.setdefault("window", now)
                        event.window.damage_create(damage.DamageReportRawRectangles)
                    elif event.type == X.MapNotify and not event.override:
                        seen.setdefault("mapped", now)
                    elif event.type == damage_kind and "mapped" in seen:
                        area = event.area
                        image = event.drawable.get_image(
                            area.x, area.y, area.width, area.height, X.ZPixmap, 0xFFFFFFFF
                        ).data
                        if image != image[:4] * (len(image) // 4):
                            seen["frame"] = now
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=TIMEOUT)
        log.seek(0)
        stderr = log.read()
        return {**marks(stderr, start * 1000), **seen}, stderr


def marks(stderr: str, launched: float = 0.0) -> dict[str, float]:
    """The `startup-mark NAME WALL_MS CPU_MS` lines a traced process printed: wall ms since its
    launch under NAME, and the CPU ms it had used by then under `cpu NAME`."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith("startup-mark "):
            _, name, wall, cpu = line.split()
            found[name] = float(wall) - launched
            found[f"cpu {name}"] = float(cpu)
    return found


def launcher() -> list[str]:
    """The `nsp-desktop` command beside this Python, as a person's menu entry runs it (its
    imports come from this checkout: PYTHONPATH); else `python -m nsp_desktop`."""
    script = Path(PYTHON).with_name("nsp-desktop")
    return [str(script)] if script.is_file() else [PYTHON, "-m", "nsp_desktop"]


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed launches of each (15)")
    parser.add_argument("--phases", action="store_true", help="also the inside step timestamps")
    args = parser.parse_args()
    # bench/startup.py's bare window changed: update the replacements above.
    assert BARE_OPEN != BARE and BARE_PHASES.count("startup-mark") == 5
    server, name = start_xvfb()
    env = bench_env()
    env.pop("WAYLAND_DISPLAY", None)
    env.update(DISPLAY=name, QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if args.phases:
        env["NSP_DESKTOP_TRACE_STARTUP"] = "1"
    bare_code = BARE_PHASES if args.phases else BARE_OPEN
    load_before = load()
    try:
        watcher = Watcher(name)
        with tempfile.TemporaryDirectory() as folder:
            returning = Path(folder, "returning")
            app = [*launcher(), "--data-dir"]
            # Made as a person's first session makes it (quitting writes the render cache; the
            # compile cache is written just after the first paint).
            subprocess.run(
                [*app, str(returning), "--exit-after-first-paint"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            returning.joinpath("settings.json").write_text(json.dumps({"welcomed": True}))
            cache = returning / "cache" / "rendered-v1.json"
            assert cache.is_file(), "the returning start needs its render cache"

            def first_start() -> tuple[dict[str, float], str]:
                with tempfile.TemporaryDirectory() as fresh:
                    return watcher.launch([*app, fresh], env)

            starts = {
                "bare": lambda: watcher.launch([PYTHON, "-c", bare_code], env),
                "returning": lambda: watcher.launch([*app, str(returning)], env),
                "first": first_start,
            }
            for start in starts.values():  # warm-up: bytecode, the page cache, fonts
                start()
            runs: dict[str, list[tuple[dict[str, float], str]]] = {name: [] for name in starts}
            order = list(starts)
            for round_ in range(args.runs):
                for kind in order[round_ % 3 :] + order[: round_ % 3]:
                    runs[kind].append(starts[kind]())
            assert cache.is_file(), "the returning start lost its render cache"
    finally:
        server.terminate()
        server.wait()
    report(runs, args, name, load_before)


def report(runs, args, name: str, load_before: str) -> None:
    print(f"Start-up seen from outside on Xvfb {name}: ms from launch, median [IQR]")
    print(
        f"{args.runs} runs each, interleaved, each ended by SIGTERM; PYTHONDONTWRITEBYTECODE "
        f"unset; load average before {load_before}, after {load()}; {os.cpu_count()} CPUs"
    )
    labels = {
        "bare": "bare PySide6 + QTextBrowser",
        "returning": "NSP Desktop, returning start",
        "first": "NSP Desktop, first start",
    }
    heads = {"x-client": "X client", "window": "window made", "mapped": "mapped", "frame": "frame"}
    print(f"{'':30s}" + "".join(f"{heads[e]:>22s}" for e in EVENTS))
    medians = {}
    for kind, found in runs.items():
        cells = []
        for event in EVENTS:
            low, middle, high = quartiles([seen[event] for seen, _ in found])
            medians[kind, event] = middle
            cells.append(f"{middle:7.0f} [{low:5.0f}-{high:5.0f}]")
        print(f"{labels[kind]:30s}" + "".join(f"{c:>22s}" for c in cells))
    for kind in ("returning", "first"):
        for event in ("mapped", "frame"):
            ratio = medians[kind, event] / medians["bare", event]
            paired = statistics.median(
                app[0][event] / bare[0][event]
                for app, bare in zip(runs[kind], runs["bare"], strict=True)
            )
            print(
                f"ratio {kind:9s} / bare, {event:6s}: {ratio:5.2f} (of medians)  "
                f"{paired:5.2f} (median of the {args.runs} interleaved pairs)  (target <= 1.25)"
            )
    if args.phases:
        phases(runs)


def phases(runs) -> None:
    """Each step's median from launch, inside (marks) and outside (X events) together: wall ms,
    and the CPU ms the process had used by then (the steadier figure on a busy machine)."""
    table: dict[str, dict[str, float]] = {}
    for kind, found in runs.items():
        steps: dict[str, list[float]] = {}
        for seen, _ in found:
            for step, value in seen.items():
                steps.setdefault(step, []).append(value)
        table[kind] = {step: statistics.median(values) for step, values in steps.items()}
    kinds = list(table)
    names = sorted(
        {s for t in table.values() for s in t if not s.startswith("cpu ")},
        key=lambda s: table["returning"].get(s, 0),
    )

    def cells(step: str) -> str:
        found = [table[k].get(step) for k in kinds]
        text = "".join(f"{v:8.0f}" if v is not None else f"{'':8s}" for v in found)
        gap = found[1] - found[0] if None not in found[:2] else None
        return text + (f"{gap:+8.0f}" if gap is not None else f"{'':8s}")

    print("\nsteps, median ms (inside marks: NSP_DESKTOP_TRACE_STARTUP; outside: X events)")
    head = "".join(f"{k[:7]:>8s}" for k in kinds) + f"{'app-bare':>8s}"
    print(f"{'step':16s}  wall from launch{'':16s}  CPU used by then")
    print(f"{'':16s}{head}  {head}")
    for step in names:
        print(f"{step:16s}{cells(step)}  {cells('cpu ' + step)}")


if __name__ == "__main__":
    main()
