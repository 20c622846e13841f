"""Generated saved news pages, as browsers save them: chrome around an article.

Each page has a masthead with navigation, a cookie banner, the article (a
headline, a byline, a dateline, paragraphs, sometimes a pull quote, a list
and a "Read more" box), a related-articles list, a comment section and a
footer.  The markup varies the way real sites do: an ``<article>`` element,
or only ``<div class=...>`` soup; metadata in Open Graph tags, in JSON-LD,
or only in the byline.  ``page`` returns the HTML and what a perfect reader
would find, so an extractor can be scored on it (bench/html_extractors.py)
and indexed as a corpus (bench/index_search.py --html).
"""
from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SITES = ("The Daily Ledger", "Eastern Courier", "Levant Monitor", "Caspian Review")
NAMES = ("Jane Doe", "John Roe", "Maria Petrova", "Omar Haddad", "Anna Schmidt", "Paul Martin")
MONTHS = ("January February March April May June July August September October November"
          " December").split()


@dataclass
class Truth:
    """What the page is: its metadata and its main text, paragraph by paragraph."""

    title: str
    author: str
    date: str
    site: str
    main: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)


def _sentence(rng: random.Random, words: list[str], low: int = 8, high: int = 25) -> str:
    return " ".join(rng.choices(words, k=rng.randint(low, high))).capitalize() + "."


def _paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(_sentence(rng, words) for _ in range(rng.randint(2, 6)))


def page(rng: random.Random, words: list[str], size: int) -> tuple[str, Truth]:
    """One saved page whose article holds about ``size`` characters."""
    e = html.escape
    site, author = rng.choice(SITES), rng.choice(NAMES)
    year, month, day = rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)
    iso = f"{year}-{month:02d}-{day:02d}"
    title = " ".join(rng.choices(words, k=rng.randint(5, 10))).capitalize()
    truth = Truth(title, author, iso, site)
    semantic, metadata = rng.random() < 0.5, rng.choice(("og", "jsonld", "byline"))

    head = [f"<title>{e(title)} | {e(site)}</title>"]
    if metadata == "og":
        head += [f'<meta property="og:site_name" content="{e(site)}">',
                 f'<meta property="og:title" content="{e(title)}">',
                 f'<meta name="author" content="{e(author)}">',
                 f'<meta property="article:published_time" content="{iso}T08:30:00+00:00">']
    elif metadata == "jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": f"{iso}T08:30:00Z", "author": {"@type": "Person", "name": author},
              "publisher": {"@type": "Organization", "name": site}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    head.append("<style>body{font:16px serif}.cookie{position:fixed}</style>")

    nav = " ".join(f'<a href="/{w.lower()}">{w}</a>' for w in ("World", "Politics", "Economy",
                                                                 "Opinion", "Video"))
    cookie = "We use cookies to improve your experience. Accept all cookies"
    masthead = (f'<div class="cookie-banner"><p>{cookie}</p><button>Accept</button></div>'
                f'<header class="site-header"><a class="logo" href="/">{e(site)}</a>'
                f'<nav>{nav}</nav></header>')
    truth.chrome.append(cookie)

    body = [f"<h1>{e(title)}</h1>",
            f'<p class="byline">By <a rel="author" href="/staff">{e(author)}</a></p>',
            f'<p class="dateline"><time datetime="{iso}">{MONTHS[month - 1]} {day}, {year}</time></p>']
    length = 0
    while length < size:
        text = _paragraph(rng, words)
        truth.main.append(text)
        body.append(f"<p>{e(text)}</p>")
        length += len(text)
        roll = rng.random()
        if roll < 0.05:
            quote = _sentence(rng, words)
            truth.main.append(quote)
            body.append(f"<blockquote><p>{e(quote)}</p></blockquote>")
        elif roll < 0.08:
            items = [_sentence(rng, words, 4, 10) for _ in range(3)]
            truth.main += items
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>")
        elif roll < 0.11:
            teaser = "Read more: " + _sentence(rng, words, 5, 9)
            truth.chrome.append(teaser)
            body.append(f'<div class="inline-related"><a href="/x">{e(teaser)}</a></div>')
    related = [_sentence(rng, words, 5, 10) for _ in range(5)]
    truth.chrome += related
    related_html = ('<div class="related"><h3>Related articles</h3><ul>'
                    + "".join(f'<li><a href="/r{i}">{e(r)}</a></li>' for i, r in enumerate(related))
                    + "</ul></div>")
    comments = [_sentence(rng, words, 6, 30) for _ in range(rng.randint(3, 25))]
    truth.chrome += comments
    comments_html = ('<section class="comments" id="comments"><h3>Comments</h3>'
                     + "".join(f'<div class="comment"><span class="comment-author">reader{i}</span>'
                               f"<p>{e(c)}</p></div>" for i, c in enumerate(comments))
                     + "</section>")
    footer = f"<footer><p>© {year} {e(site)}. All rights reserved.</p></footer>"
    if semantic:
        main = f'<main><article>{"".join(body)}</article>{related_html}{comments_html}</main>'
    else:
        main = (f'<div id="content"><div class="story-body">{"".join(body)}</div>'
                f'{related_html}{comments_html}</div>')
    document = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{"".join(head)}'
                f"</head><body>{masthead}{main}{footer}</body></html>")
    return document, truth


def article_size(rng: random.Random) -> int:
    """Article lengths as the text corpus has them: median about 4 KB, at most 40 KB."""
    return int(min(40_000, max(600, rng.lognormvariate(8.3, 0.5))))


def generate_html_corpus(folder: Path, count: int, words: list[str], seed: int = 1) -> None:
    """``count`` saved pages in 100 subfolders, like index_search.generate_corpus."""
    rng = random.Random(seed)
    for i in range(count):
        sub = folder / f"{i % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        document, _ = page(rng, words, article_size(rng))
        (sub / f"page-{i:05d}.html").write_text(document, encoding="utf-8")
