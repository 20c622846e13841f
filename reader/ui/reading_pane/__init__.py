"""The reading pane: one article as readable prose, with hits and highlights.

document.py builds the article's QTextDocument (inline.py styles its bold,
italic, code and links), marks.py draws hits and highlights, view.py paints
and hit-tests, links.py decides which links a click follows, quote.py makes
Markdown quotes, pane.py is the widget.
"""
from .pane import PARAGRAPH_SEPARATOR, SIDE_PADDING, ReadingPane

__all__ = ["PARAGRAPH_SEPARATOR", "SIDE_PADDING", "ReadingPane"]
