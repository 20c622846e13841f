"""Where Reader keeps its data.

One data directory holds everything that is not an article: the notes file
(the user's work, the only thing that cannot be rebuilt), its backups, the
search index (a cache) and the library configuration.  Its location is, in
order of precedence: ``--home DIR``, ``$READER_HOME``, the platform's user
data directory.  Tests always pass a temporary home.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reader"
HOME_ENV = "READER_HOME"


def resources_dir() -> Path:
    """The read-only resources shipped with the app (sample articles, icons)."""
    return Path(__file__).resolve().parents[2] / "resources"


def bundled_articles_dir() -> Path:
    """The sample library a new user sees on first start."""
    return resources_dir() / "articles"


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

    def ensure(self) -> "DataPaths":
        self.home.mkdir(parents=True, exist_ok=True)
        return self
