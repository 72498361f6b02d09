"""Export writes regular files only: it never replaces a device, pipe, socket, folder or link."""

import json
import os
import socket
import stat

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core import fileutil
from tests.hostile.conftest import cli


def export(capsys, data, out, *extra):
    code = main(["--data-dir", str(data), "export", "--out", str(out), *extra])
    got = capsys.readouterr()
    return code, got.out, got.err


def _one_line_refusal(code, err):
    assert code == 1, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_a_fifo_is_refused_and_stays_a_fifo(capsys, data, tmp_path):
    target = tmp_path / "pipe.json"
    os.mkfifo(target)
    code, _, err = export(capsys, data, target)
    _one_line_refusal(code, err)
    assert "pipe" in err and stat.S_ISFIFO(os.lstat(target).st_mode)


def test_a_socket_is_refused_and_stays_a_socket(capsys, data, tmp_path):
    target = tmp_path / "s.json"
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(target))
        code, _, err = export(capsys, data, target)
    finally:
        listener.close()
    _one_line_refusal(code, err)
    assert "socket" in err and stat.S_ISSOCK(os.lstat(target).st_mode)


def test_a_device_is_refused_and_stays_a_device(capsys, data, tmp_path):
    target = tmp_path / "null.md"
    try:
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD); the FIFO and socket cases stand")
    code, _, err = export(capsys, data, target)
    _one_line_refusal(code, err)
    assert "device" in err and stat.S_ISCHR(os.lstat(target).st_mode)


def test_a_folder_is_refused(capsys, data, tmp_path):
    target = tmp_path / "folder.md"
    target.mkdir()
    code, _, err = export(capsys, data, target)
    _one_line_refusal(code, err)
    assert target.is_dir() and list(target.iterdir()) == []


def test_a_symlink_to_a_regular_file_is_followed_not_replaced(capsys, data, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = export(capsys, data, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["format"] == "nsp-desktop-export"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the person's file keeps its permissions


@pytest.mark.parametrize("kind", ["dangling", "to-a-fifo", "to-a-folder"])
def test_a_symlink_to_anything_else_is_refused(capsys, data, tmp_path, kind):
    aim = tmp_path / "aim"
    if kind == "to-a-fifo":
        os.mkfifo(aim)
    elif kind == "to-a-folder":
        aim.mkdir()
    link = tmp_path / "link.md"
    link.symlink_to(aim)
    code, _, err = export(capsys, data, link)
    _one_line_refusal(code, err)
    assert link.is_symlink() and os.readlink(link) == str(aim)
    assert not (kind == "dangling" and aim.exists())


def test_a_read_only_file_stays_unwritten_even_for_root(capsys, data, tmp_path):
    target = tmp_path / "kept.md"
    target.write_text("the person's own file")
    target.chmod(0o444)
    code, _, err = export(capsys, data, target)
    _one_line_refusal(code, err)
    assert "read-only" in err
    assert target.read_text() == "the person's own file"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kept.md"]  # no temp left


def test_a_target_name_at_the_limit_is_written(capsys, data, tmp_path):
    target = tmp_path / ("n" * 250 + ".json")  # 255 bytes: the most a Linux name may have
    code, _, err = export(capsys, data, target)
    assert code == 0, err
    assert json.loads(target.read_text())["format"] == "nsp-desktop-export"


def test_a_target_name_over_the_limit_is_one_sentence(capsys, data, tmp_path):
    code, _, err = export(capsys, data, tmp_path / ("n" * 251 + ".json"))
    _one_line_refusal(code, err)
    assert "too long" in err


def test_exports_follow_the_umask_and_app_files_are_private(capsys, data, tmp_path):
    old = os.umask(0o027)
    try:
        code, _, err = export(capsys, data, tmp_path / "shared.md")
        fileutil.atomic_write(tmp_path / "own.json", "{}")
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "shared.md").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "own.json").stat().st_mode) == 0o600


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_standard_output_takes_text_formats(data, out):
    code, stdout, err = cli("export", "--format", "json", "--out", out, data=data)
    assert code == 0, err
    assert json.loads(stdout)["format"] == "nsp-desktop-export"


def test_standard_output_refuses_pdf(capsys, data):
    code, out, err = export(capsys, data, "-", "--format", "pdf")
    _one_line_refusal(code, err)
    assert out == ""


def test_an_atomic_write_works_where_os_has_no_fchmod(tmp_path, monkeypatch):
    """Windows' Python (before 3.13) has no os.fchmod: every save and export failed there (the
    Windows bundle's self-test found it)."""
    monkeypatch.delattr(fileutil.os, "fchmod")
    target = fileutil.atomic_write(tmp_path / "settings.json", "{}")
    assert target.read_text() == "{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
