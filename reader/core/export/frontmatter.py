"""YAML front matter for exported Markdown files, written with PyYAML.

PyYAML's dumper quotes and escapes whatever needs it (a title with ``: ``,
a date-like string, C1 controls, U+2028), so every value loads back exactly
as written, in Obsidian as in any YAML reader.  libyaml's dumper is five
times faster and writes the same text, but cannot encode a lone surrogate
(a mis-decoded file name can carry one): such a header is written by the
pure Python dumper instead.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

#: No folding of long titles or paths (libyaml wants an int, not infinity).
_NO_WRAP = 2**31 - 1


def front_matter(fields: Mapping[str, str | int | Sequence[str]]) -> str:
    """``---``, the fields in the order given (lists as block lists), ``---``."""
    import yaml  # here, not at start-up: only an export needs it (14 ms)

    try:  # libyaml's dumper when PyYAML was built with it
        body = _dump(yaml, fields, getattr(yaml, "CSafeDumper", yaml.SafeDumper))
    except UnicodeEncodeError:
        body = _dump(yaml, fields, yaml.SafeDumper)
    return f"---\n{body}---"


def _dump(yaml, fields: Mapping[str, str | int | Sequence[str]], dumper: type) -> str:
    return yaml.dump(dict(fields), Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=_NO_WRAP)
