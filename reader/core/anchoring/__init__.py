"""Selectors for a passage, and finding the passage again after its article changes.

A note remembers its passage the way the W3C Web Annotation model does: a
TextQuoteSelector (the exact text plus up to ``CONTEXT_CHARS`` of prefix and
suffix) and a TextPositionSelector (``start``/``end``, ``str`` offsets into
``Article.text``).  Articles get edited -- a page is saved again, a typo is
fixed, a paragraph is added -- and offsets alone go stale, so ``anchor``
re-attaches a note the way Hypothesis does, trying the cheapest evidence first:

1. ``intact``: the quote is still at the stored position.
2. ``moved``: the quote occurs verbatim elsewhere; when it occurs more than
   once, the occurrence whose surroundings best agree with the stored prefix,
   suffix and position wins.
3. ``fuzzy``: the best approximate occurrence (at most
   ``min(MAX_ERRORS, len(exact) // 2)`` edits), scored 0..1 by ``_score``.
4. ``orphaned``: nothing scores at least ``FUZZY_THRESHOLD``.  An orphan is
   never attached to a look-alike; it keeps its quote for the user to re-attach.

Approximate search is the costly part.  ``_final_deltas`` runs Myers' (1999)
bit-parallel edit-distance algorithm transposed: the bit vectors run along the
*text* (one bit per character, Python ints of any length) and the loop runs
over the quote's characters, so a scan costs ``len(quote)`` rounds of a dozen
big-int operations.  Cheap guesses (the old position, exact prefix and suffix
occurrences) are scanned first; the best score found there bounds how many
errors a better match elsewhere could have, and a pigeonhole filter then finds
every region that could hold such a match -- or the whole text is scanned.
The narrowing only saves time: the result is the one a full scan gives.
"""
from .anchor import anchor, find_quote
from .fuzzy import MAX_ERRORS
from .scoring import FUZZY_THRESHOLD
from .selectors import CONTEXT_CHARS, Anchor, Selectors, describe

__all__ = ["CONTEXT_CHARS", "FUZZY_THRESHOLD", "MAX_ERRORS", "Anchor", "Selectors", "anchor",
           "describe", "find_quote"]
