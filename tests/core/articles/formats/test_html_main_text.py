"""Saved web pages where the kept extractor matters: what is the article, and its metadata."""
from __future__ import annotations

import json
import subprocess
import sys

from reader.core.model import BOILERPLATE, HEADING, PARAGRAPH
from tests.core.articles.checks import assert_text_model, html, indexed_library

STORY = [
    "Moscow announced on Tuesday that its air force would widen the campaign in northern Syria,"
    " a decision that diplomats in Geneva described as the most serious escalation this year.",
    "The defence ministry said the strikes targeted supply lines used by the Islamic State around"
    " Raqqa, while opposition groups reported damage to two hospitals and a grain store.",
    "Western officials, speaking on condition of anonymity, said the coalition had not been warned"
    " in advance and that the deconfliction channel had been silent for several days.",
]
COMMENTS = [f"Comment number {n}: the coalition never learns, and the mujahideen know it." for n in range(30)]
RELATED = ["Ceasefire talks stall again in Astana", "Grain prices climb after the Black Sea deal ends",
           "Who funds the militias of Deir ez-Zor?"]
COOKIES = "We use cookies to personalise content and ads. Accept all cookies"


def news_page(head: str = "", byline: str = "", title: str = "Russia widens Syria air campaign",
              title_tag: str = "Russia widens Syria air campaign | The Levant Monitor") -> str:
    """A news page as a browser saves it: banner, masthead, article, related list, comments, footer."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    related = "".join(f'<li><a href="/r{n}">{r}</a></li>' for n, r in enumerate(RELATED))
    comments = "".join(f'<div class="comment"><span class="user">user{n}</span><p>{c}</p></div>'
                       for n, c in enumerate(COMMENTS))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title_tag}</title>{head}</head>
<body><div class="cookie-banner"><p>{COOKIES}</p><button>OK</button></div>
<div class="masthead"><a href="/">The Levant Monitor</a><ul class="menu"><li><a href="/w">World</a></li>
<li><a href="/p">Politics</a></li></ul></div>
<div id="content"><div class="story"><h1>{title}</h1>{byline}{paragraphs}</div>
<div class="related"><h3>Related articles</h3><ul>{related}</ul></div>
<div id="comments" class="comments"><h3>30 comments</h3>{comments}</div></div>
<div class="footer"><p>The Levant Monitor, 12 Harbour Road, Beirut</p></div></body></html>"""


def test_comments_related_lists_and_cookie_banners_are_dimmed_and_never_indexed() -> None:
    article = html(news_page())
    text_blocks = [(b.kind, b.text) for b in article.blocks if b.kind != BOILERPLATE]
    assert text_blocks == [(HEADING, "Russia widens Syria air campaign")] + [(PARAGRAPH, p) for p in STORY]
    dimmed = {b.text for b in article.blocks if b.kind == BOILERPLATE}
    assert {COOKIES, *COMMENTS, *RELATED, "The Levant Monitor, 12 Harbour Road, Beirut"} <= dimmed
    assert "mujahideen" in article.text and "mujahideen" not in article.indexable_text()
    assert article.title == "Russia widens Syria air campaign"
    assert_text_model(article)


def test_comment_words_are_not_found_but_the_story_is(tmp_path) -> None:
    with indexed_library(tmp_path, {"page.html": news_page().encode()}) as (library, _):
        assert library.search("mujahideen").total == 0
        assert library.search("deconfliction").total == 1


def json_ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_author_date_and_site_name_from_json_ld() -> None:
    head = json_ld(headline="Russia widens Syria air campaign", datePublished="2019-01-10T07:45:00Z",
                   author={"@type": "Person", "name": "Omar Haddad"},
                   publisher={"@type": "Organization", "name": "The Levant Monitor"})
    article = html(news_page(head))
    assert (article.author, article.date[:10], article.source) == (
        "Omar Haddad", "2019-01-10", "The Levant Monitor")
    assert article.title == "Russia widens Syria air campaign"  # the site name left the title tag


def test_author_and_date_from_the_byline_alone() -> None:
    byline = ('<p class="byline">By <a rel="author" href="/staff/petrova">Maria Petrova</a></p>'
              '<p class="dateline"><time datetime="2018-03-02">2 March 2018</time></p>')
    article = html(news_page(byline=byline))
    assert (article.author, article.date, article.source) == ("Maria Petrova", "2018-03-02", "")
    kinds = {b.text: b.kind for b in article.blocks}
    assert kinds["By Maria Petrova"] == kinds["2 March 2018"] == PARAGRAPH  # the article's head


def test_site_name_from_open_graph() -> None:
    head = '<meta property="og:site_name" content="The Levant Monitor">'
    article = html(news_page(head))
    assert (article.source, article.title) == ("The Levant Monitor", "Russia widens Syria air campaign")


def test_an_explicit_article_element_bounds_the_main_text() -> None:
    page = news_page().replace('<div class="story">', "<article>").replace(
        '</div>\n<div class="related">', '</article>\n<div class="related">')
    article = html(page)
    assert [b.text for b in article.blocks if b.kind != BOILERPLATE] == [
        "Russia widens Syria air campaign", *STORY]


RUSSIAN = [
    "Министерство обороны России заявило во вторник, что авиация расширит удары по северу Сирии,"
    " и дипломаты в Женеве назвали это самым серьёзным обострением за год.",
    "По словам представителей оппозиции, удары пришлись по складам зерна и двум больницам в"
    " окрестностях Ракки, а гуманитарные конвои были остановлены на границе.",
]
ARABIC = [
    "أعلنت وزارة الدفاع الروسية يوم الثلاثاء أن سلاح الجو سيوسع حملته في شمال سوريا، وهو قرار"
    " وصفه دبلوماسيون في جنيف بأنه أخطر تصعيد هذا العام.",
    "وقالت فصائل المعارضة إن الغارات أصابت مخازن الحبوب ومستشفيين قرب الرقة، فيما توقفت قوافل"
    " المساعدات الإنسانية عند الحدود.",
]


def foreign_page(lang: str, title: str, site: str, paragraphs: list[str], comment: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html lang="{lang}"><head><meta charset="utf-8"><title>{title} — {site}</title>
<meta property="og:site_name" content="{site}"></head><body>
<nav><a href="/">{site}</a></nav><div class="post"><h1>{title}</h1>{body}</div>
<div class="comments"><p>{comment}</p><p>{comment} 2</p><p>{comment} 3</p></div></body></html>"""


def test_a_russian_page() -> None:
    comment = "Комментарий читателя: всё это пропаганда"
    article = html(foreign_page("ru", "Россия расширяет удары в Сирии", "Новости России",
                                RUSSIAN, comment))
    assert (article.title, article.source) == ("Россия расширяет удары в Сирии", "Новости России")
    assert [b.text for b in article.blocks if b.kind != BOILERPLATE] == [article.title, *RUSSIAN]
    assert "пропаганда" in article.text and "пропаганда" not in article.indexable_text()
    assert_text_model(article)


def test_an_arabic_page() -> None:
    comment = "تعليق قارئ: هذه دعاية"
    article = html(foreign_page("ar", "روسيا توسع غاراتها في سوريا", "أخبار الشرق", ARABIC, comment))
    assert (article.title, article.source) == ("روسيا توسع غاراتها في سوريا", "أخبار الشرق")
    assert [b.text for b in article.blocks if b.kind != BOILERPLATE] == [article.title, *ARABIC]
    assert "دعاية" in article.text and "دعاية" not in article.indexable_text()
    assert_text_model(article)


def test_when_the_extractor_finds_too_little_the_content_element_decides() -> None:
    """lxml drops text nested deeper than 255 elements: the extractor sees nothing there."""
    story = "<p>" + "Deep story text. " * 30 + "</p>"
    page = "<header>Masthead</header>" + "<div>" * 400 + story + "</div>" * 400
    article = html(page)
    assert [b.kind for b in article.blocks] == [BOILERPLATE, PARAGRAPH]


def test_the_extractor_is_imported_by_the_first_saved_page_only() -> None:
    """Start-up, the CLI's --version and Markdown or plain articles never import trafilatura."""
    code = (
        "import sys\nfrom pathlib import Path\nimport reader.cli, reader.core.library\n"
        "import reader.core.articles as a\n"
        "a.parse_article(Path('a.md'), b'# Headline\\n\\n<nav>x</nav> *Body*.\\n')\n"
        "a.parse_article(Path('a.txt'), b'Headline\\n\\nBody.\\n')\n"
        "print('trafilatura' in sys.modules)\n"
        "a.parse_article(Path('a.html'), b'<p>Body.</p>')\n"
        "print('trafilatura' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
