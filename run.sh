#!/usr/bin/env bash
# The one entry point on a fresh machine: sets up everything, then opens the app or runs the tests.
#   bash run.sh [ARGS...]        set up, then open the app (ARGS go to nsp-desktop)
#   bash run.sh test [ARGS...]   set up, then run ruff and the whole test suite (ARGS go to pytest)
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3}
venv=.venv

# Libraries the Qt wheels load on every platform plugin, and the extra ones a real X11 window needs.
core_libs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0"
xcb_libs="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
libxcb-xkb1 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0"
# What the installer build (and its slow test) needs: PyInstaller strips and inspects binaries.
build_tools="binutils xz-utils"
# The team-sharing test syncs a folder between two real Syncthing instances on 127.0.0.1.
team_tools="syncthing"
# What the Windows installer's build under Wine (and its slow test) needs: Wine, NSIS, MinGW for a
# test-only stub DLL, fonts to copy into the test prefix, the CA bundle Windows pip is pointed at.
# The screen-reader test reads the app on a real X display through the accessibility bus (AT-SPI).
atspi_tools="xvfb xdotool dbus at-spi2-core python3-gi gir1.2-atspi-2.0"
wine_tools="wine wine64 nsis gcc-mingw-w64-x86-64 fonts-dejavu-core ca-certificates"

need_system_libs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: nothing we can check
    local missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing the system libraries Qt needs:$missing"
        apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "Qt needs these system packages, which are missing:$missing" >&2
        echo "Install them with: sudo apt-get install$missing" >&2
    fi
}

setup_python() {
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "NSP Desktop needs Python 3.11 or newer ($python is $("$python" --version 2>&1))." >&2
        exit 1
    fi
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    local stamp="$venv/.nsp-installed"
    local want
    want=$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        "$venv/bin/python" -m pip install -q --upgrade pip
        "$venv/bin/python" -m pip install -q -e '.[test,build]' --config-settings editable_mode=compat
        rm -rf compiled  # PySide6 may have changed: its support is compiled again below
        echo "$want" > "$stamp"
    fi
    # PySide6's support modules compiled once here, as pip compiles bytecode when it installs, so
    # even a very first start compiles nothing (tools/seed_compile_cache.py). Only a speed-up.
    compgen -G "compiled/compiled-*.bin" >/dev/null \
        || "$venv/bin/python" tools/seed_compile_cache.py >/dev/null 2>&1 || true
}

mode=app
if [ "${1:-}" = test ]; then mode=test; shift; fi

if [ "$mode" = test ]; then
    need_system_libs $core_libs $xcb_libs $build_tools $team_tools $wine_tools $atspi_tools
    setup_python
    "$venv/bin/ruff" check .
    "$venv/bin/ruff" format --check .
    "$venv/bin/lint-imports" --no-cache  # the layers: ui and cli over documents over core
    "$venv/bin/mypy"  # core/ and cli/ (pyproject's [tool.mypy])
    exec "$venv/bin/python" -m pytest "$@"
else
    need_system_libs $core_libs $xcb_libs
    setup_python
    exec "$venv/bin/nsp-desktop" "$@"
fi
