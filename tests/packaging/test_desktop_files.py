"""The desktop integration files: valid, consistent with the app, installable.

desktop-file-validate and appstreamcli run when they are installed
(Debian/Ubuntu: desktop-file-utils, appstream); the rest always runs.
"""
from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader import APP_ID, __version__
from reader.core.articles import SUPPORTED_SUFFIXES
from reader.core.paths import ICON_SIZES, app_icon_files, icons_dir

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALL = LINUX / "install-desktop.sh"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates():
    proc = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_metainfo_validates():
    proc = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "E:" not in proc.stdout and "W:" not in proc.stdout, proc.stdout


def test_desktop_file_names_the_app_its_program_and_its_icon():
    entry = desktop_entry()
    assert entry["Name"] == "Reader"
    assert entry["Exec"] == "reader %U"  # install-desktop.sh rewrites exactly this
    types = entry["MimeType"].split(";")
    assert "x-scheme-handler/reader" in types  # exported notes' links open Reader
    assert {"application/pdf", "message/rfc822", "application/epub+zip"} <= set(types)
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


def test_metainfo_matches_the_app_and_the_repository():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "MIT"
    assert len(root.find("description")) >= 2
    assert root.find("releases/release").get("version") == __version__, \
        "add a <release> for the new version to the metainfo file"
    images = [img.text for img in root.iter("image")]
    assert len(images) == 3
    for url in images:
        assert url.startswith("https://")
        assert (ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url
    assert {b.text for b in root.iter("binary")} == {"reader", "reader-cli"}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_icon_in_every_size():
    svg = ET.parse(icons_dir() / "reader.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    files = app_icon_files()
    assert sorted(files) == sorted(ICON_SIZES) == [16, 32, 48, 64, 128, 256]
    for size, path in files.items():
        assert png_size(path) == (size, size)


# What tells xdg-open and xdg-mime which desktop they are in; without them they
# take the freedesktop way (mimeapps.list, the .desktop files), the same on any
# machine, in a desktop session or not.  BROWSER=false: should the link not
# find Reader, xdg-open fails instead of starting the developer's browser.
SESSION = ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION",
           "GNOME_DESKTOP_SESSION_ID", "MATE_DESKTOP_SESSION_ID", "DBUS_SESSION_BUS_ADDRESS",
           "DISPLAY", "WAYLAND_DISPLAY")


def user_env(data: Path, **env: str) -> dict[str, str]:
    """A user of their own: the installer must not touch the real one's files."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("READER_BIN", *SESSION)}
    full_env["BROWSER"] = "false"
    full_env.update(XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(data.parent / "config"),
                    HOME=str(data.parent / "home"), **env)
    return full_env


def run_install(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(INSTALL), *args], capture_output=True, text=True,
                          env=user_env(data, **env))


def test_install_desktop_for_the_current_user(tmp_path):
    program = tmp_path / "some where" / "reader"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    data = tmp_path / "data"
    proc = run_install(data, READER_BIN=str(program))
    assert proc.returncode == 0, proc.stderr
    launcher = data / "applications" / f"{APP_ID}.desktop"
    text = launcher.read_text(encoding="utf-8")
    assert f'Exec="{program}" %U' in text
    assert (data / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert png_size(data / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png") == (size, size)
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(launcher)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout

    proc = run_install(data, "--uninstall")
    assert proc.returncode == 0, proc.stderr
    assert not launcher.exists()
    assert not list((data / "icons").rglob(f"{APP_ID}.*"))
    assert not (data / "metainfo" / METAINFO.name).exists()


def recording_program(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for reader that writes down the arguments it was started with."""
    recorded = tmp_path / "opened.txt"
    program = tmp_path / "bin" / "reader"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{recorded}"\n')
    program.chmod(0o755)
    return program, recorded


def default_handler(data: Path) -> str:
    """What xdg-mime (as browsers and xdg-open ask it) says opens reader:// links."""
    query = subprocess.run([tool("xdg-mime"), "query", "default", "x-scheme-handler/reader"],
                           capture_output=True, text=True, env=user_env(data))
    assert query.returncode in (0, 4), query.stderr  # 4: no default (xdg-utils' code)
    return query.stdout.strip()


OTHER_ASSOCIATIONS = ("[Default Applications]\n"
                      "text/x-other=other.desktop\n"
                      "x-scheme-handler/readers=not-ours.desktop\n"
                      "\n"
                      "[Added Associations]\n"
                      "text/x-other=other.desktop;second.desktop;\n")


def test_install_desktop_registers_reader_for_reader_links(tmp_path):
    tool("xdg-mime")  # (without it the installer says what to do: a test below)
    program, _recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir()
    mimeapps.write_text(OTHER_ASSOCIATIONS)
    proc = run_install(data, READER_BIN=str(program))
    assert proc.returncode == 0, proc.stderr
    assert "reader:// links (in exported notes) now open Reader." in proc.stdout
    assert default_handler(data) == f"{APP_ID}.desktop"
    launcher = data / "applications" / f"{APP_ID}.desktop"
    assert f"\nExec={program} %U\n" in launcher.read_text()  # the full path, files and links
    check = subprocess.run([tool("desktop-file-validate"), str(launcher)], capture_output=True,
                           text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr

    proc = run_install(data, "--uninstall")
    assert proc.returncode == 0, proc.stderr
    assert mimeapps.read_text() == OTHER_ASSOCIATIONS  # the other lines, as they were


def test_uninstall_keeps_a_mimeapps_list_kept_with_dotfiles(tmp_path):
    """A mimeapps.list linked from the user's dotfiles stays a link, with its
    permissions; only Reader's line leaves the file it points to."""
    dotfiles = tmp_path / "dotfiles" / "mimeapps.list"
    dotfiles.parent.mkdir()
    dotfiles.write_text(OTHER_ASSOCIATIONS.replace(  # where xdg-mime puts Reader's line
        "not-ours.desktop\n", f"not-ours.desktop\nx-scheme-handler/reader={APP_ID}.desktop\n"))
    dotfiles.chmod(0o640)
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir()
    mimeapps.symlink_to(dotfiles)
    proc = run_install(tmp_path / "data", "--uninstall")
    assert proc.returncode == 0, proc.stderr
    assert mimeapps.is_symlink() and oct(dotfiles.stat().st_mode & 0o777) == oct(0o640)
    assert dotfiles.read_text() == OTHER_ASSOCIATIONS
    assert not list(mimeapps.parent.glob("mimeapps.list?*"))  # no file left behind


def test_install_desktop_without_xdg_mime_says_what_to_do(tmp_path):
    """Every program but xdg-mime: the launcher is installed, the link association
    is explained, and --uninstall still removes a line written by hand."""
    tools = tmp_path / "path"
    tools.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for found in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if found.name != "xdg-mime" and not (tools / found.name).exists():
                (tools / found.name).symlink_to(found)
    program, _recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    proc = run_install(data, READER_BIN=str(program), PATH=str(tools))
    assert proc.returncode == 0, proc.stderr
    assert (data / "applications" / f"{APP_ID}.desktop").is_file()
    assert "xdg-mime (xdg-utils) is not installed" in proc.stdout
    hint = f"x-scheme-handler/reader={APP_ID}.desktop under [Default Applications]"
    assert hint in proc.stdout.replace("\n      ", " ")
    mimeapps = tmp_path / "config" / "mimeapps.list"
    assert not mimeapps.exists()
    mimeapps.parent.mkdir()
    mimeapps.write_text(OTHER_ASSOCIATIONS + f"x-scheme-handler/reader={APP_ID}.desktop;\n")
    assert run_install(data, "--uninstall", PATH=str(tools)).returncode == 0
    assert mimeapps.read_text() == OTHER_ASSOCIATIONS


def test_install_desktop_refreshes_the_mime_database(tmp_path):
    """The user's own MIME database (from ~/.local/share/mime/packages) is rebuilt;
    a mime folder without packages (nothing to build from) is left alone, quietly."""
    tool("update-mime-database")
    program, _recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    (data / "mime" / "packages").mkdir(parents=True)
    proc = run_install(data, READER_BIN=str(program))
    assert proc.returncode == 0, proc.stderr
    assert (data / "mime" / "mime.cache").is_file()
    (data / "mime" / "mime.cache").unlink()
    proc = run_install(data, "--uninstall")
    assert proc.returncode == 0 and (data / "mime" / "mime.cache").is_file()

    other = tmp_path / "other" / "data"
    (other / "mime").mkdir(parents=True)
    proc = run_install(other, READER_BIN=str(program))
    assert proc.returncode == 0 and "packages" not in proc.stderr, proc.stderr


def test_install_desktop_registers_reader_for_the_document_types(tmp_path):
    """What a file manager's "Open With" asks GIO: every type in the launcher lists
    Reader (the desktop database the installer refreshed), as only Reader's
    launcher is in this user's data folder."""
    gio = tool("gio")
    tool("update-desktop-database")  # (desktop-file-utils: the installer's refresh)
    program, _recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    assert run_install(data, READER_BIN=str(program)).returncode == 0
    assert (data / "applications" / "mimeinfo.cache").is_file()
    claimed = [t for t in desktop_entry()["MimeType"].split(";") if t]
    for mime_type in claimed:
        listed = subprocess.run([gio, "mime", mime_type], capture_output=True, text=True,
                                env=user_env(data, LC_ALL="C"))
        assert f"\t{APP_ID}.desktop" in listed.stdout, (mime_type, listed.stdout)


def scheme_handlers_in_xdg_open(opener: str) -> bool:
    """xdg-utils 1.1 and later find a link's program by its scheme in mimeapps.list
    outside a desktop session; older ones only try a list of web browsers."""
    return "x_scheme_handler" in Path(opener).read_text(errors="replace")


@pytest.mark.parametrize("command", ["gio open", "xdg-open"])
def test_a_clicked_reader_link_starts_reader_with_it(tmp_path, command):
    """As Obsidian, a browser or a PDF viewer hand a link to the desktop: GIO (what
    Firefox and GTK programs such as Evince use) or xdg-open (what Chromium and
    Electron programs such as Obsidian call).  No desktop session is needed: the
    stand-in program needs no display; xdg-open takes its freedesktop way when
    DISPLAY names one (none need be there)."""
    opener = tool(command.split()[0])
    tool("xdg-mime")  # what registers the link's program
    if command == "xdg-open" and not scheme_handlers_in_xdg_open(opener):
        pytest.skip(f"{opener} (xdg-utils before 1.1) cannot open a link by its scheme "
                    "without a desktop session")
    program, recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    assert run_install(data, READER_BIN=str(program)).returncode == 0
    link = "reader://article/abc?note=1f2e"
    env = user_env(data, DISPLAY=":99") if command == "xdg-open" else user_env(data)
    opened = subprocess.run([opener, *command.split()[1:], link], capture_output=True,
                            text=True, timeout=30, env=env)
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert recorded.read_text().split() == [link]


def mime_database() -> Path:
    folder = Path("/usr/share/mime")
    if not (folder / "globs2").is_file():
        pytest.skip("no shared-mime-info database in /usr/share/mime")
    return folder


def test_the_launcher_claims_the_types_of_the_files_reader_reads():
    """Each suffix in FORMATS, typed as the desktop types it, is claimed (a new
    format needs its type here); and nothing else: each claimed type is one of
    those, another name for one, or a parent of one."""
    folder = mime_database()
    globs = [line.split(":") for line in (folder / "globs2").read_text().splitlines()
             if line and not line.startswith("#")]
    types_of = {suffix: {fields[1] for fields in globs if fields[2] == f"*{suffix}"}
                for suffix in SUPPORTED_SUFFIXES}
    claimed = set(desktop_entry()["MimeType"].split(";")) - {"", "x-scheme-handler/reader"}
    for suffix, types in types_of.items():
        assert types and types <= claimed, (suffix, types - claimed)
    read = set().union(*types_of.values())
    stands_for: dict[str, set[str]] = {}  # a type -> the types it names, or is a parent of
    for line in (folder / "aliases").read_text().splitlines():
        alias, name = line.split()
        stands_for.setdefault(alias, set()).add(name)
    for line in (folder / "subclasses").read_text().splitlines():
        child, parent = line.split()
        stands_for.setdefault(parent, set()).add(child)
    assert {t for t in claimed if t not in read and not stands_for.get(t, set()) & read} == set()


def test_install_desktop_refuses_a_missing_program(tmp_path):
    proc = run_install(tmp_path / "data", READER_BIN=str(tmp_path / "nothing"))
    assert proc.returncode == 1
    assert "not an executable" in proc.stderr
    assert not (tmp_path / "data" / "applications").exists()
