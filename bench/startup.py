"""Time to first paint: the app against a bare PySide6 window with a QTextBrowser, interleaved.

Usage: python bench/startup.py [--runs N]
Both are timed from process start until they print at their first paint. PYTHONDONTWRITEBYTECODE
is unset (an installed app has cached bytecode) and one warm-up run of each is discarded.
The app starts as a returning user's does: welcomed before, opening on the introduction, its
render cache made. Timed beside it: a returning user reopening on a policy (whose ticks need the
store before the first paint) and the very first start (welcome page, no cache, no database).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, median, time_to_paint

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402

BARE = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
window = QMainWindow()
browser = QTextBrowser()
browser.setHtml("<h1>Introduction</h1><p>Some text to read.</p>")
window.setCentralWidget(browser)
window.resize(1100, 760)
class FirstPaint(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True  # like the app: report once the first paint has finished
            QTimer.singleShot(0, lambda: (print(f"first-paint {time.process_time() * 1000:.1f}", flush=True), app.quit()))
        return False
spy = FirstPaint()
browser.viewport().installEventFilter(spy)
window.show()
app.exec()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    policy = load_toolkit(ROOT / "content").policies[0].id
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as reader:
        app = [PYTHON, "-m", "nsp_desktop", "--data-dir", data, "--exit-after-first-paint"]
        on_policy = [*app[:4], reader, app[-1]]
        bare = [PYTHON, "-c", BARE]
        for command in (app, on_policy, bare):  # warm-up: compiles bytecode, fills caches
            time_to_paint(command)
        Path(data, "settings.json").write_text(json.dumps({"welcomed": True}))
        last = {"welcomed": True, "last_page": policy}
        Path(reader, "settings.json").write_text(json.dumps(last))
        runs = {"app": [], "bare": [], "policy": [], "first": []}
        for _ in range(args.runs):
            runs["app"].append(time_to_paint(app))
            runs["bare"].append(time_to_paint(bare))
            runs["policy"].append(time_to_paint(on_policy))
            with tempfile.TemporaryDirectory() as fresh:
                first = [PYTHON, "-m", "nsp_desktop", "--data-dir", fresh]
                runs["first"].append(time_to_paint([*first, "--exit-after-first-paint"]))
    wall = {name: median([r[0] for r in found]) for name, found in runs.items()}
    cpu = {name: median([r[1] for r in found]) for name, found in runs.items()}
    print(f"runs: {args.runs} each, interleaved; medians")
    print("                                    wall to paint   CPU to paint")
    print(f"bare PySide6 window + QTextBrowser: {wall['bare']:8.0f} ms   {cpu['bare']:8.0f} ms")
    print(f"NSP Desktop:                        {wall['app']:8.0f} ms   {cpu['app']:8.0f} ms")
    print(
        f"ratio (app / bare):                 {wall['app'] / wall['bare']:8.2f}      "
        f"{cpu['app'] / cpu['bare']:8.2f}      (target <= 1.25)"
    )
    for name, label in (("policy", "reopening on a policy:"), ("first", "very first start:")):
        print(
            f"{label:36s}{wall[name]:8.0f} ms   {cpu[name]:8.0f} ms"
            f"   (ratio {wall[name] / wall['bare']:.2f}, {cpu[name] / cpu['bare']:.2f})"
        )


if __name__ == "__main__":
    main()
