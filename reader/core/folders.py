"""The library's folders: which folders of articles the analyst has added.

Kept in ``library.json`` in the data dir, written atomically.  A new data
dir starts with the bundled sample articles; they step aside when the
analyst adds a folder of their own, unless the analyst added them back
themselves (Preferences), which is remembered.

Each save also writes a kept copy, ``library.json.kept``.  A damaged
``library.json`` is set aside (renamed, never deleted) and the folders come
back from the copy, with a message: falling back to the sample library
instead would orphan every note on the analyst's own articles.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from .model import LibraryError
from .paths import bundled_articles_dir
from .util.atomic import write_atomic

log = logging.getLogger("reader.library")


class FolderList:
    """The folder list of one data dir, as it is on disk after every change."""

    def __init__(self, config_file: Path) -> None:
        self._file = config_file
        self._kept = config_file.with_name(config_file.name + ".kept")
        self._keep_samples = False  # the analyst added the sample articles back
        self.messages: list[str] = []  # what happened to a damaged file, for the user
        self._folders = self._load()

    def _load(self) -> list[Path]:
        """The configured folders; on first start, the bundled sample articles."""
        try:
            return self._read(self._file)
        except FileNotFoundError:
            if not self._kept.exists():
                return [bundled_articles_dir()]
            problem = "was missing"
        except (OSError, ValueError) as exc:
            log.warning("library configuration %s unreadable: %s", self._file, exc)
            aside = self._file.with_name(
                f"{self._file.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
            os.replace(self._file, aside)
            problem = f"was damaged; it was moved to {aside}"
        try:
            folders = self._read(self._kept)
        except (OSError, ValueError) as exc:
            log.warning("kept copy %s unreadable too: %s", self._kept, exc)
            self.messages.append(f"The list of folders {self._file} {problem}, and no good copy "
                                 "was kept: the sample articles stand in. Add your folders again "
                                 "(File ▸ Open Folder…); your notes on them come back with them.")
            return [bundled_articles_dir()]
        self._folders = folders
        self._save()
        self.messages.append(f"The list of folders {self._file} {problem}; the "
                             f"{len(folders)} folder{'' if len(folders) == 1 else 's'} were "
                             "recovered from the copy Reader keeps.")
        return folders

    def _read(self, file: Path) -> list[Path]:
        data = json.loads(file.read_text(encoding="utf-8"))
        folders = data.get("folders") if isinstance(data, dict) else None
        if not isinstance(folders, list) or not all(isinstance(p, str) for p in folders):
            raise ValueError("no list of folders in it")
        self._keep_samples = bool(data.get("keep_samples", False))
        return [Path(p) for p in folders]

    def _save(self) -> None:
        data = {"version": 1, "folders": [str(p) for p in self._folders],
                "keep_samples": self._keep_samples}
        text = json.dumps(data, indent=2) + "\n"
        write_atomic(self._file, text)
        write_atomic(self._kept, text)

    def __iter__(self):
        return iter(list(self._folders))

    def add(self, folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
        """Add readable folders (not yet indexed); returns the ones that were new."""
        added = []
        for folder in folders:
            path = Path(folder).expanduser().resolve()
            if not path.is_dir():
                raise LibraryError(f"Not a folder: {folder}")
            if not os.access(path, os.R_OK | os.X_OK):
                raise LibraryError(f"The folder cannot be read: {folder}")
            if path not in self._folders:
                self._folders.append(path)
                added.append(path)
        samples = bundled_articles_dir()
        if samples in added:
            self._keep_samples = True  # asked for by name: they stay
        elif added and samples in self._folders and not self._keep_samples:
            self._folders.remove(samples)
            log.info("the sample articles step aside for %s", added[0])
        if added:
            self._save()
        return added

    def remove(self, folder: str | os.PathLike[str]) -> None:
        path = Path(folder).expanduser().resolve()
        if path not in self._folders:
            raise LibraryError(f"Not in the library: {folder}")
        self._folders.remove(path)
        if path == bundled_articles_dir():
            self._keep_samples = False
        self._save()
