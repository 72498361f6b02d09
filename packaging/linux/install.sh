#!/bin/sh
# Installs @NAME@ @VERSION@ for the current user; no root needed. Run it from the unpacked folder:
#   ./install.sh
# It copies the app to ~/.local/share/nsp-desktop-app, adds a menu entry and an icon, and links the
# `nsp-desktop` command into ~/.local/bin. ~/.local/share/nsp-desktop-app/uninstall.sh removes it all.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir="$data_home/nsp-desktop-app"
bin_dir="$HOME/.local/bin"
apps_dir="$data_home/applications"
icons_dir="$data_home/icons/hicolor"
mime_dir="$data_home/mime"

if [ ! -x "$here/nsp-desktop-bin" ]; then
    echo "install.sh: run it from the unpacked @NAME@ folder (nsp-desktop-bin not found next to it)" >&2
    exit 1
fi

echo "Installing @NAME@ @VERSION@ into $app_dir"
mkdir -p "$data_home" "$bin_dir" "$apps_dir"

# Copy beside the old install, then swap: an interrupted install never leaves half an app.
if [ "$here" != "$app_dir" ]; then
    staging="$app_dir.new.$$"
    rm -rf "$staging"
    cp -R "$here" "$staging"
    if [ -e "$app_dir" ]; then
        rm -rf "$app_dir.old"
        mv "$app_dir" "$app_dir.old"
    fi
    mv "$staging" "$app_dir"
    rm -rf "$app_dir.old"
fi

# The command: a link to the launcher, unless something else already owns the name.
link="$bin_dir/nsp-desktop"
if [ -e "$link" ] && [ ! -L "$link" ]; then
    echo "  left $link alone: it is not a link made by this installer" >&2
else
    ln -sfn "$app_dir/nsp-desktop" "$link"
fi

# Icons in the hicolor theme, so the menu and the window switcher show them.
for png in "$app_dir"/icons/nsp-desktop-*.png; do
    size=$(basename "$png" .png | sed 's/^nsp-desktop-//')
    mkdir -p "$icons_dir/${size}x${size}/apps"
    cp "$png" "$icons_dir/${size}x${size}/apps/nsp-desktop.png"
done
mkdir -p "$icons_dir/scalable/apps"
cp "$app_dir/icons/nsp-desktop.svg" "$icons_dir/scalable/apps/nsp-desktop.svg"

# The menu entry; written beside and renamed, as menus watch this folder.
desktop="$apps_dir/nsp-desktop.desktop"
cat > "$desktop.tmp" <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=@NAME@
GenericName=Policy toolkit reader
Comment=Offline reader and progress tracker for the No Secret Police policy toolkit
Exec="$app_dir/nsp-desktop" %f
Icon=nsp-desktop
Terminal=false
Categories=Office;Education;
StartupWMClass=nsp-desktop
MimeType=application/x-nsppack;
EOF
mv "$desktop.tmp" "$desktop"

# The .nsppack file type (a toolkit edition), so a double-click opens it in the app.
mkdir -p "$mime_dir/packages"
cp "$app_dir/nsp-desktop-nsppack.xml" "$mime_dir/packages/nsp-desktop-nsppack.xml.tmp"
mv "$mime_dir/packages/nsp-desktop-nsppack.xml.tmp" "$mime_dir/packages/nsp-desktop-nsppack.xml"

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps_dir" 2>/dev/null || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$mime_dir" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons_dir" 2>/dev/null || true

echo "  menu entry: $desktop"
echo "  file type:  *.nsppack (toolkit editions) opens in @NAME@"
echo "  command:    $link"
echo "  uninstall:  $app_dir/uninstall.sh (your notes and progress are kept)"
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) echo "  note: $bin_dir is not on your PATH; open @NAME@ from the menu, or add it to PATH" ;;
esac
"$app_dir/nsp-desktop" --check-libraries || true
