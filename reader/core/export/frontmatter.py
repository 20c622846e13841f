"""YAML front matter for exported Markdown files, written with PyYAML.

PyYAML's dumper quotes and escapes whatever needs it (a title with ``: ``,
a date-like string, C1 controls, U+2028, lone surrogates), so every value
loads back exactly as written, in Obsidian as in any YAML reader.  The pure
Python ``SafeDumper`` is used, not libyaml's: libyaml cannot encode a lone
surrogate, which a mis-decoded file name can carry.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml


def front_matter(fields: Mapping[str, str | int | Sequence[str]]) -> str:
    """``---``, the fields in the order given (lists as block lists), ``---``."""
    body = yaml.dump(dict(fields), Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=float("inf"))
    return f"---\n{body}---"
