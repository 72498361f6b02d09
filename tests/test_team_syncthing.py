"""A real sync engine between two laptops: two Syncthing instances on 127.0.0.1 share a team folder.

Each instance has its own config folder, listens on 127.0.0.1 only, and has global discovery,
relays, NAT traversal, local announcements, usage reports, crash reports and upgrades turned off:
nothing leaves this machine. The test waits for files with bounded waits and stops both instances.
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from nsp_desktop.cli import main
from tests.team_support import ITEM, POLICY

SYNCTHING = shutil.which("syncthing")
WAIT_S = 90  # for one file to cross; Syncthing's watcher reacts within a few seconds


def _installable() -> bool:
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


if SYNCTHING is None and not _installable():
    pytest.skip(
        "Syncthing is not installed and cannot be installed here (needs root on Debian:"
        " `apt-get install syncthing`, which `bash run.sh test` does)",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_CONFIG = """<configuration version="36">
    <folder id="nsp-team" label="team" path="{folder}" type="sendreceive" rescanIntervalS="2"
            fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{a}"></device>
        <device id="{b}"></device>
    </folder>
    <device id="{a}" name="a" compression="metadata"><address>tcp://127.0.0.1:{port_a}</address></device>
    <device id="{b}" name="b" compression="metadata"><address>tcp://127.0.0.1:{port_b}</address></device>
    <gui enabled="false" tls="false"><address>127.0.0.1:{gui}</address></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <announceLANAddresses>false</announceLANAddresses>
    </options>
</configuration>
"""


class Pair:
    """Two Syncthing instances sharing folders `a` and `b` with each other."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "HOME": str(root), "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
        self.homes = [root / "st-a", root / "st-b"]
        self.folders = [root / "team-a", root / "team-b"]
        self.processes: list[subprocess.Popen] = []
        ids = []
        for home in self.homes:
            run = [SYNCTHING, "generate", f"--home={home}", "--no-default-folder"]
            subprocess.run(run, env=self.env, check=True, capture_output=True, timeout=60)
            shown = [SYNCTHING, "serve", f"--home={home}", "--device-id"]
            ids.append(subprocess.run(shown, env=self.env, check=True, capture_output=True,
                                      text=True, timeout=60).stdout.strip())  # fmt: skip
        ports = [_free_port(), _free_port()]
        for n, (home, folder) in enumerate(zip(self.homes, self.folders, strict=True)):
            (folder / ".stfolder").mkdir(parents=True)
            (home / "config.xml").write_text(
                _CONFIG.format(
                    folder=folder,
                    a=ids[0],
                    b=ids[1],
                    port_a=ports[0],
                    port_b=ports[1],
                    port=ports[n],
                    gui=_free_port(),
                )  # fmt: skip
            )

    def start(self) -> None:
        for home in self.homes:
            command = [SYNCTHING, "serve", f"--home={home}", "--no-browser", "--no-restart"]
            log = open(home / "run.log", "wb")  # noqa: SIM115 - closed with the process
            self.processes.append(
                subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
            )

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def log(self) -> str:
        return "\n".join((h / "run.log").read_text(errors="replace")[-3000:] for h in self.homes)


def _wait_for(path: Path, pair: Pair, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if path.exists():
            return
        time.sleep(0.2)
    pytest.fail(f"Syncthing did not bring {what} across in {WAIT_S} s.\n{pair.log()}")


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in (folder / "devices").rglob("[0-9]*.jsonl")}


def _arrive(source: Path, target: Path, pair: Pair, what: str) -> None:
    """Wait until every finished file of `source` is in `target`."""
    for name in sorted(_files(source)):
        _wait_for(target / name, pair, what)


def cli(capsys, data: Path, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def _item(capsys, data: Path) -> dict:
    out = cli(capsys, data, "progress", "--json")[1]
    policy = next(p for p in json.loads(out)["policies"] if p["id"] == POLICY)
    return next(i for i in policy["items"] if i["id"] == ITEM)


def _note(capsys, data: Path) -> str:
    return cli(capsys, data, "note", POLICY)[1]


@pytest.mark.timeout(600)  # about 10 s on a quiet machine; the waits are bounded well below this
def test_two_laptops_share_progress_through_real_syncthing(tmp_path, capsys):
    if SYNCTHING is None:
        pytest.fail("Syncthing is missing: `apt-get install syncthing` (bash run.sh test does it).")
    pair = Pair(tmp_path)
    ana, ben = tmp_path / "data-ana", tmp_path / "data-ben"
    folder_a, folder_b = pair.folders
    pair.start()
    try:
        assert cli(capsys, ana, "team", "join", str(folder_a), "--name", "Ana")[0] == 0
        _wait_for(folder_b / "nsp-team.json", pair, "the team file")
        _arrive(folder_a, folder_b, pair, "Ana's first file")
        assert cli(capsys, ben, "team", "join", str(folder_b), "--name", "Ben")[0] == 0

        # A tick on one laptop appears on the other after `team sync`.
        cli(capsys, ana, "check", POLICY, ITEM)
        assert cli(capsys, ana, "team", "sync")[0] == 0
        _arrive(folder_a, folder_b, pair, "Ana's tick")
        code, out = cli(capsys, ben, "team", "sync")
        assert code == 0 and "from 1 colleague(s) applied" in out
        item = _item(capsys, ben)
        assert (item["done"], item["changed_by"]) == (True, "Ana")

        # An untick made later wins.
        time.sleep(0.01)
        cli(capsys, ben, "check", POLICY, ITEM, "--undo")
        cli(capsys, ben, "team", "sync")
        _arrive(folder_b, folder_a, pair, "Ben's untick")
        assert cli(capsys, ana, "team", "sync")[0] == 0
        item = _item(capsys, ana)
        assert (item["done"], item["changed_by"]) == (False, "Ben")

        # Concurrent edits of one note keep both texts, on both laptops.
        cli(capsys, ana, "note", POLICY, "--set", "The contract renews in March.")
        cli(capsys, ana, "team", "sync")
        _arrive(folder_a, folder_b, pair, "Ana's note")
        cli(capsys, ben, "team", "sync")
        assert _note(capsys, ben).strip() == "The contract renews in March."
        cli(capsys, ana, "note", POLICY, "--set", "The contract renews in April (clerk).")
        cli(capsys, ben, "note", POLICY, "--set", "The contract renews in May (sheriff).")
        cli(capsys, ana, "team", "sync")
        cli(capsys, ben, "team", "sync")
        _arrive(folder_a, folder_b, pair, "Ana's edit")
        _arrive(folder_b, folder_a, pair, "Ben's edit")
        cli(capsys, ana, "team", "sync")
        cli(capsys, ben, "team", "sync")
        for data in (ana, ben):
            note = _note(capsys, data)
            assert "renews in April (clerk)." in note and "renews in May (sheriff)." in note
        assert _note(capsys, ana) == _note(capsys, ben)
        code, out = cli(capsys, ana, "team", "status", "--json")
        assert json.loads(out)["conflicts"] == [POLICY]
    finally:
        pair.stop()
    assert all(p.returncode is not None for p in pair.processes)
