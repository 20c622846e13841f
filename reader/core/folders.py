"""The library's folders: which folders of articles the analyst has added.

Kept in ``library.json`` in the data dir, written atomically.  A new data
dir starts with the bundled sample articles; they step aside when the
analyst adds a folder of their own, unless the analyst added them back
themselves (Preferences), which is remembered.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from .model import LibraryError
from .paths import bundled_articles_dir
from .util.atomic import write_atomic

log = logging.getLogger("reader.library")


class FolderList:
    """The folder list of one data dir, as it is on disk after every change."""

    def __init__(self, config_file: Path) -> None:
        self._file = config_file
        self._keep_samples = False  # the analyst added the sample articles back
        self._folders = self._load()

    def _load(self) -> list[Path]:
        """The configured folders; on first start, the bundled sample articles."""
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            self._keep_samples = bool(data.get("keep_samples", False))
            return [Path(p) for p in data.get("folders", [])]
        except FileNotFoundError:
            return [bundled_articles_dir()]
        except (OSError, ValueError) as exc:
            log.warning("library configuration unreadable (%s); using the sample library", exc)
            return [bundled_articles_dir()]

    def _save(self) -> None:
        data = {"version": 1, "folders": [str(p) for p in self._folders],
                "keep_samples": self._keep_samples}
        write_atomic(self._file, json.dumps(data, indent=2) + "\n")

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
