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


def user_env(data: Path, **env: str) -> dict[str, str]:
    """A user of their own: the installer must not touch the real one's files."""
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("READER_BIN", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION")}
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


def test_install_desktop_registers_reader_for_reader_links(tmp_path):
    xdg_mime = tool("xdg-mime")
    program, _recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir()
    mimeapps.write_text("[Default Applications]\ntext/x-other=other.desktop\n")
    proc = run_install(data, READER_BIN=str(program))
    assert proc.returncode == 0, proc.stderr
    assert "reader:// links (in exported notes) now open Reader." in proc.stdout
    assert f"Exec={program} %U" in (data / "applications" / f"{APP_ID}.desktop").read_text()
    query = subprocess.run([xdg_mime, "query", "default", "x-scheme-handler/reader"],
                           capture_output=True, text=True, env=user_env(data))
    assert query.stdout.strip() == f"{APP_ID}.desktop", query.stdout + query.stderr

    proc = run_install(data, "--uninstall")
    assert proc.returncode == 0, proc.stderr
    text = mimeapps.read_text()
    assert "x-scheme-handler/reader" not in text and "text/x-other=other.desktop" in text


def test_a_clicked_reader_link_starts_reader_with_it(tmp_path):
    """xdg-open, as a browser or a PDF viewer calls it, in a session (DISPLAY set:
    the stand-in program needs no X server)."""
    opener = tool("xdg-open")
    tool("xdg-mime")
    program, recorded = recording_program(tmp_path)
    data = tmp_path / "data"
    assert run_install(data, READER_BIN=str(program)).returncode == 0
    link = "reader://article/abc?note=1f2e"
    opened = subprocess.run([opener, link], capture_output=True, text=True, timeout=30,
                            env=user_env(data, DISPLAY=":99"))
    assert opened.returncode == 0, opened.stderr
    assert recorded.read_text().split() == [link]


def test_install_desktop_refuses_a_missing_program(tmp_path):
    proc = run_install(tmp_path / "data", READER_BIN=str(tmp_path / "nothing"))
    assert proc.returncode == 1
    assert "not an executable" in proc.stderr
    assert not (tmp_path / "data" / "applications").exists()
