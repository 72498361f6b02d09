#!/bin/sh
# Removes @NAME@ installed by install.sh for the current user. Your notes and progress (in
# ~/.local/share/nsp-desktop, or the folder you gave --data-dir) are kept.
set -eu

main() {
    data_home=${XDG_DATA_HOME:-$HOME/.local/share}
    app_dir="$data_home/nsp-desktop-app"
    link="$HOME/.local/bin/nsp-desktop"
    icons_dir="$data_home/icons/hicolor"
    mime_dir="$data_home/mime"

    rm -f "$data_home/applications/nsp-desktop.desktop"
    rm -f "$mime_dir/packages/nsp-desktop-nsppack.xml"
    for icon in "$icons_dir"/*/apps/nsp-desktop.png "$icons_dir"/scalable/apps/nsp-desktop.svg; do
        [ -e "$icon" ] && rm -f "$icon"
    done
    # The link only if it is ours (it points into the app folder).
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$app_dir/nsp-desktop" ]; then
        rm -f "$link"
    fi
    # The app folder only if it holds the app: never remove a folder we did not make.
    if [ -x "$app_dir/nsp-desktop-bin" ]; then
        rm -rf "$app_dir"
    fi
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    if [ -d "$mime_dir/packages" ] && command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$mime_dir" 2>/dev/null || true
    fi
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons_dir" 2>/dev/null || true
    echo "@NAME@ is uninstalled."
    echo "Your notes and progress are kept in $data_home/nsp-desktop; delete that folder to remove them."
}

# Everything runs from one function, read in full before the script's own folder is deleted.
main "$@"
