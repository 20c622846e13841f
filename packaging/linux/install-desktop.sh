#!/bin/sh
# Put Reader in the desktop's application menu, for the current user:
#
#   packaging/linux/install-desktop.sh              (make install-desktop, from a checkout)
#   /path/to/reader/desktop/install-desktop.sh      (from the app bundle)
#   install-desktop.sh --uninstall                  (make uninstall-desktop)
#
# Installs the launcher (.desktop), the AppStream metadata and the icon (SVG
# and PNGs) under ${XDG_DATA_HOME:-~/.local/share}, and makes Reader the
# handler of reader:// links (an exported note's link opens Reader on the
# note) in ${XDG_CONFIG_HOME:-~/.config}/mimeapps.list.  The launcher names
# the document types Reader reads; refreshing the desktop (and the user's
# MIME) database makes file managers offer Reader for them.  Nothing needs root.
#
# The launcher starts READER_BIN if set; otherwise the bundle's reader next to
# this script's folder, else `reader` on PATH (pip or pipx install), else the
# checkout's .venv/bin/reader (`make run` creates it).  The full path goes into
# the launcher's Exec line, so it works even when PATH differs in the session.
set -eu

APP_ID=io.github.readerdesk.Reader
SIZES="16 32 48 64 128 256"

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
config=${XDG_CONFIG_HOME:-$HOME/.config}
LINK_TYPE=x-scheme-handler/reader
apps="$data/applications"
metainfo="$data/metainfo"
hicolor="$data/icons/hicolor"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$apps" || true
    fi
    # The MIME database is built from mime/packages: without that folder
    # update-mime-database only fails ("packages does not exist").
    if [ -d "$data/mime/packages" ] && command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" || true
    fi
    # Only refresh an icon cache that already exists: creating one would hide
    # the icons that other programs later install without updating it.
    if [ -f "$hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$hicolor" || true
    elif [ -d "$hicolor" ]; then
        touch "$hicolor"  # the desktop rescans a theme folder whose time changed
    fi
}

# Only the association this script made: the line naming Reader's launcher
# alone (with or without the closing ";" a list may have), matched whole
# and literally; every other line stays as it was.  Written back into the same
# file, not moved over it, so a mimeapps.list that is a symlink (kept with
# the user's dotfiles) stays one, with its permissions.
forget_link_handler() {
    list="$config/mimeapps.list"
    ours="$LINK_TYPE=$APP_ID.desktop"
    [ -f "$list" ] && grep -qxF -e "$ours" -e "$ours;" "$list" || return 0
    kept="$list.reader-uninstall.$$"
    grep -vxF -e "$ours" -e "$ours;" "$list" > "$kept" || true
    cat "$kept" > "$list"
    rm -f "$kept"
}

if [ "${1:-}" = "--uninstall" ]; then
    forget_link_handler
    rm -f "$apps/$APP_ID.desktop" "$metainfo/$APP_ID.metainfo.xml" \
          "$hicolor/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do
        rm -f "$hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    refresh_caches
    echo "Removed Reader's launcher, metadata and icons from $data."
    exit 0
fi
if [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]   (READER_BIN=/path/to/reader chooses the program)" >&2
    exit 2
fi

# The files to install: beside this script, icons in ./icons (the bundle) or
# in the checkout's resources/icons.
desktop_src="$here/$APP_ID.desktop"
metainfo_src="$here/$APP_ID.metainfo.xml"
if [ -d "$here/icons" ]; then
    icons_src="$here/icons"
else
    icons_src="$here/../../resources/icons"
fi
for f in "$desktop_src" "$metainfo_src" "$icons_src/reader.svg"; do
    if [ ! -f "$f" ]; then
        echo "error: $f is missing; run this script from Reader's checkout or app bundle." >&2
        exit 1
    fi
done

# The program the launcher starts.
bin=${READER_BIN:-}
if [ -z "$bin" ] && [ -f "$here/../reader" ] && [ -x "$here/../reader" ]; then
    bin="$here/../reader"
fi
if [ -z "$bin" ]; then
    bin=$(command -v reader 2>/dev/null || true)
fi
if [ -z "$bin" ] && [ -x "$here/../../.venv/bin/reader" ]; then
    bin="$here/../../.venv/bin/reader"
fi
if [ -z "$bin" ]; then
    echo "error: no 'reader' program found. Install Reader first (pip install reader_desk-*.whl," >&2
    echo "       or 'make run' in the checkout), or set READER_BIN=/path/to/reader." >&2
    exit 1
fi
if [ ! -x "$bin" ]; then
    echo "error: READER_BIN=$bin is not an executable file." >&2
    exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
case "$bin" in
    *[\"\`\$\\]*)
        echo "error: the path $bin has characters a launcher cannot quote; move Reader elsewhere." >&2
        exit 1 ;;
esac

mkdir -p "$apps" "$metainfo" "$hicolor/scalable/apps"
# Exec=reader %U  ->  Exec=/full/path/to/reader %U, quoted only when the path
# needs it (xdg-open's own launcher, used without a desktop session, cannot
# read a quoted program).
case "$bin" in
    *[[:space:]\'\>\<~\|\&\;\*\?\#\(\)]*) exec_bin="\"$bin\"" ;;
    *) exec_bin=$bin ;;
esac
escaped=$(printf '%s\n' "$exec_bin" | sed 's/[&|]/\\&/g')
sed "s|^Exec=reader |Exec=$escaped |" "$desktop_src" > "$apps/$APP_ID.desktop.tmp"
mv "$apps/$APP_ID.desktop.tmp" "$apps/$APP_ID.desktop"
cp "$metainfo_src" "$metainfo/$APP_ID.metainfo.xml"
cp "$icons_src/reader.svg" "$hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
    if [ -f "$icons_src/reader-$size.png" ]; then
        mkdir -p "$hicolor/${size}x${size}/apps"
        cp "$icons_src/reader-$size.png" "$hicolor/${size}x${size}/apps/$APP_ID.png"
    fi
done
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$apps/$APP_ID.desktop"
fi
refresh_caches
echo "Installed Reader's launcher in $apps (starts $bin),"
echo "its AppStream metadata in $metainfo and its icon in $hicolor."
if command -v xdg-mime >/dev/null 2>&1; then
    mkdir -p "$config"
    xdg-mime default "$APP_ID.desktop" "$LINK_TYPE"
    echo "reader:// links (in exported notes) now open Reader."
else
    echo "note: xdg-mime (xdg-utils) is not installed, so reader:// links are not yet"
    echo "      registered; install xdg-utils and run this script again, or add"
    echo "      $LINK_TYPE=$APP_ID.desktop under [Default Applications] in $config/mimeapps.list."
fi
