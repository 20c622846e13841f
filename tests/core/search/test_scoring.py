"""A posting list's scores in bulk are Whoosh's own scorer's, bit for bit."""
from __future__ import annotations

import itertools

import pytest
from whoosh import scoring

from reader.core.search.postings import _read_term
from reader.core.search.scoring import posting_scores


@pytest.mark.parametrize("weighting", [scoring.BM25F(), scoring.BM25F(B=0.3, K1=2.0),
                                       scoring.PL2(), scoring.Frequency()],
                         ids=["bm25f", "bm25f-tuned", "pl2", "frequency"])
def test_bulk_scores_are_the_scorers_own(ix, weighting):
    searcher = ix.searcher()
    compared = 0
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for fieldname in ("title", "body"):
            # the most frequent words, and some of the rarest
            common = [t for _n, t in reader.most_frequent_terms(fieldname, 8)]
            for tbytes in common + list(itertools.islice(reader.lexicon(fieldname), 8)):
                postings = _read_term(sub.reader(), fieldname, tbytes)
                bulk = posting_scores(weighting, sub, fieldname, tbytes, postings)
                scorer = weighting.scorer(sub, fieldname, tbytes)
                matcher = sub.postings(fieldname, tbytes)
                own = []
                while matcher.is_active():
                    own.append(scorer.score(matcher))
                    matcher.next()
                assert bulk.tolist() == own  # (exactly: the same operations in the same order)
                compared += len(own)
    assert compared
