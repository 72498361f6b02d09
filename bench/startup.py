"""Time to first paint: the app against a bare PySide6 window with a QTextBrowser, interleaved.

Usage: python bench/startup.py [--runs N]
Both are timed from process start until they print at their first paint. PYTHONDONTWRITEBYTECODE
is unset (an installed app has cached bytecode) and one warm-up run of each is discarded.
"""

import argparse
import subprocess
import tempfile
import time

from common import PYTHON, ROOT, bench_env, median

BARE = """
import sys
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
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), app.quit()))
        return False
spy = FirstPaint()
browser.viewport().installEventFilter(spy)
window.show()
app.exec()
"""


def time_to_paint(command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=bench_env(), cwd=ROOT, text=True)
    for line in proc.stdout:
        if line.strip() == "first-paint":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command} exited without painting")
    proc.wait(timeout=30)
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        app = [PYTHON, "-m", "nsp_desktop", "--data-dir", data, "--exit-after-first-paint"]
        bare = [PYTHON, "-c", BARE]
        time_to_paint(app), time_to_paint(bare)  # warm-up: compiles bytecode, fills caches
        app_ms, bare_ms = [], []
        for _ in range(args.runs):
            app_ms.append(time_to_paint(app))
            bare_ms.append(time_to_paint(bare))
    print(f"runs: {args.runs} each, interleaved")
    print(f"bare PySide6 window + QTextBrowser: median {median(bare_ms):.0f} ms")
    print(f"NSP Desktop:                        median {median(app_ms):.0f} ms")
    print(f"ratio (app / bare): {median(app_ms) / median(bare_ms):.2f}  (target <= 1.25)")


if __name__ == "__main__":
    main()
