"""Where Reader keeps its data.

One data directory holds everything that is not an article: the notes file
(the user's work, the only thing that cannot be rebuilt), its backups, the
search index (a cache) and the library configuration.  Its location is, in
order of precedence: ``--home DIR``, ``$READER_HOME``, the platform's user
data directory.  Tests always pass a temporary home.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources as _importlib_resources
from pathlib import Path

import platformdirs

APP_NAME = "reader"
HOME_ENV = "READER_HOME"
ICON_SIZES = (16, 32, 48, 64, 128, 256)

# The resources are the repository's top-level ``resources/`` folder.  An
# installed Reader (wheel or ``pip install -e .``) has them as the package
# ``reader.resources`` (setup.cfg maps it onto that folder); the PyInstaller
# bundle has them under ``sys._MEIPASS/reader/resources``; a bare checkout
# run with ``python main.py`` finds them beside the ``reader`` package.
RESOURCES_PACKAGE = "reader.resources"
_SOURCE_TREE_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    """The read-only resources shipped with the app (sample articles, icons)."""
    for candidate in _resource_candidates():
        if (candidate / "articles").is_dir():
            return candidate
    return _SOURCE_TREE_RESOURCES


def _resource_candidates():
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        yield Path(frozen) / "reader" / "resources"
    try:
        found = _importlib_resources.files(RESOURCES_PACKAGE)
    except (ModuleNotFoundError, TypeError):
        found = None
    # A package on disk is a plain Path; anything else (a zip) cannot be
    # indexed in place, and Reader is never installed zipped.
    if isinstance(found, Path):
        yield found.resolve()
    yield _SOURCE_TREE_RESOURCES


def bundled_articles_dir() -> Path:
    """The sample library a new user sees on first start."""
    return resources_dir() / "articles"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def app_icon_files() -> dict[int, Path]:
    """The application icon as PNGs by pixel size (only those that exist)."""
    files = {size: icons_dir() / f"reader-{size}.png" for size in ICON_SIZES}
    return {size: path for size, path in files.items() if path.is_file()}


@dataclass(frozen=True)
class DataPaths:
    """The files inside one data directory."""

    home: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> "DataPaths":
        if explicit:
            home = Path(explicit)
        elif os.environ.get(HOME_ENV):
            home = Path(os.environ[HOME_ENV])
        else:
            home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(home.expanduser().resolve())

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def notes_file(self) -> Path:
        return self.home / "notes.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.home / "backups"

    @property
    def config_file(self) -> Path:
        return self.home / "library.json"

    @property
    def templates_dir(self) -> Path:
        """The analyst's own Markdown export templates (Jinja2), offered beside the built-in ones."""
        return self.home / "templates"

    def ensure(self) -> "DataPaths":
        self.home.mkdir(parents=True, exist_ok=True)
        return self
