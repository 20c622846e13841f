"""Snippets: the richest fragments of an article, matches wrapped in <mark>."""
from __future__ import annotations

import html
from collections.abc import Sequence

SNIPPET_FRAGMENTS = 3
FRAGMENT_CHARS = 180


def _fragments(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Up to SNIPPET_FRAGMENTS windows of text, richest in matches, in text order."""
    if not spans:
        return []
    windows: list[tuple[int, int, int]] = []  # (start, end, number of spans)
    i = 0
    while i < len(spans):
        start = max(0, spans[i][0] - FRAGMENT_CHARS // 3)
        limit = start + FRAGMENT_CHARS
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] <= limit:
            j += 1
        windows.append((start, max(limit, spans[j][1]), j - i + 1))
        i = j + 1
    best = sorted(windows, key=lambda w: (-w[2], w[0]))[:SNIPPET_FRAGMENTS]
    return [_snap(text, s, e) for s, e, _ in sorted(best)]


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move fragment edges to word boundaries so no word is cut in half."""
    end = min(end, len(text))
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    return start, end


def render_snippet(text: str, spans: Sequence[tuple[int, int]], lead_from: int = 0) -> str:
    """HTML: fragments joined by an ellipsis, matches wrapped in <mark>.

    With no spans (a date-only query, say) the article's opening is shown.
    """
    fragments = _fragments(text, spans) or [_snap(text, lead_from, lead_from + FRAGMENT_CHARS)]
    parts = []
    for frag_start, frag_end in fragments:
        pieces, pos = [], frag_start
        for s, e in spans:
            if s >= frag_start and e <= frag_end:
                pieces.append(html.escape(text[pos:s]))
                pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
                pos = e
        pieces.append(html.escape(text[pos:frag_end]))
        # Blanked chrome and line breaks are runs of spaces: one space each.
        body = " ".join("".join(pieces).split())
        prefix = "… " if frag_start > lead_from else ""
        suffix = " …" if frag_end < len(text) else ""
        parts.append(prefix + body + suffix)
    return " ".join(parts).replace("… …", "…")
