"""Where the shipped resources are found: installed package, app bundle, bare checkout."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from reader.core import paths

ROOT = Path(__file__).resolve().parents[2]


def test_the_resources_of_this_checkout():
    # The editable install maps the package reader.resources onto resources/.
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.bundled_articles_dir() == ROOT / "resources" / "articles"
    assert len(list(paths.bundled_articles_dir().glob("*.txt"))) == 5
    assert sorted(paths.app_icon_files()) == list(paths.ICON_SIZES)


def test_found_through_importlib_resources(monkeypatch, tmp_path):
    package = tmp_path / "site-packages" / "reader" / "resources"
    (package / "articles").mkdir(parents=True)
    monkeypatch.setattr(paths, "_importlib_resources", SimpleNamespace(files=lambda _name: package))
    assert paths.resources_dir() == package


def test_a_bare_checkout_uses_the_source_tree(monkeypatch):
    def not_installed(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(paths, "_importlib_resources", SimpleNamespace(files=not_installed))
    assert paths.resources_dir() == ROOT / "resources"


def test_a_frozen_app_uses_its_bundle(monkeypatch, tmp_path):
    bundled = tmp_path / "_internal" / "reader" / "resources"
    (bundled / "articles").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.resources_dir() == bundled


def test_a_frozen_app_without_resources_falls_back(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == ROOT / "resources"
