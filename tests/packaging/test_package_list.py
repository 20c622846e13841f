"""setup.cfg names every package, so the wheel and the bundle leave none out.

The list is explicit because resources/ is mapped to reader.resources, which
`find:` cannot see; this test keeps the explicit list complete.
"""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_setup_cfg_lists_every_package_under_reader() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    on_disk = {".".join(init.parent.relative_to(ROOT).parts)
               for init in (ROOT / "reader").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these to [options] packages in setup.cfg"
    assert listed - on_disk == {"reader.resources"}, "setup.cfg names packages that do not exist"
