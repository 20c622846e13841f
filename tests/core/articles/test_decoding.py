"""Bytes to text (decoding.py): BOMs, legacy encodings, binary and empty files."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.articles import decode_text, parse_article
from reader.core.model import ArticleError


def test_cp1252_file() -> None:
    article = parse_article(Path("a.txt"), b"Headline\n\ncaf\xe9 \x93quoted\x94 \x96 dash.\n")
    assert article.blocks[1].text == "café “quoted” – dash."


def test_decode_variants() -> None:
    assert decode_text("\ufeffcafé".encode("utf-8")) == "café"
    assert decode_text("café".encode("utf-16")) == "café"
    assert decode_text(b"\xfe\xff" + "café".encode("utf-16-be")) == "café"
    assert decode_text(b"a\x81b") == "a\x81b"  # not cp1252 either: latin-1 takes every byte
    assert decode_text(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode_text("e\u0301".encode()) == "\u00e9"


def test_utf8_bom_crlf_and_nfc_through_parse() -> None:
    data = "\ufeffHeadline\r\n\r\nCafe\u0301 society\r\nmatters.\r\n".encode("utf-8")
    article = parse_article(Path("a.txt"), data)
    assert article.title == "Headline"
    assert article.blocks[1].text == "Caf\u00e9 society matters."
    assert "\r" not in article.text and "\ufeff" not in article.text


def test_utf16_file_is_not_binary() -> None:
    article = parse_article(Path("a.txt"), "Headline\n\nBody.\n".encode("utf-16"))
    assert article.text == "Headline\nBody."


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_decode_text_never_raises(data: bytes) -> None:
    text = decode_text(data)
    assert "\r" not in text


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", "\ufeff\n".encode()])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ArticleError, match="^empty file$") as info:
        parse_article(Path("a.txt"), data)
    assert info.value.reason == "empty file"


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00text", bytes(range(1, 9)) * 50 + b"some text"])
def test_binary_file(data: bytes) -> None:
    with pytest.raises(ArticleError, match="^binary file$"):
        parse_article(Path("a.txt"), data)


RUSSIAN = "Новости России\n\nМосква заявила сегодня о новых мерах. Это важно для всех граждан страны.\n"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_russian_legacy_encodings(encoding: str) -> None:
    assert decode_text(RUSSIAN.encode(encoding)) == RUSSIAN
    article = parse_article(Path("a.txt"), RUSSIAN.encode(encoding))
    assert article.title == "Новости России"


def test_western_legacy_text_stays_cp1252() -> None:
    """Short Latin-script text is ambiguous between code pages; cp1252 is what it usually is."""
    french = "L'été à Paris\n\nLe ministre a déclaré que la coopération était très importante. «Déjà» vu.\n"
    assert decode_text(french.encode("cp1252")) == french


KOI8_SENTENCE = ("Министерство иностранных дел России заявило, что переговоры продолжатся "
                 "на следующей неделе.")
ARABIC = "قالت وزارة الخارجية إن المحادثات ستستمر الأسبوع المقبل في دمشق."


def test_a_koi8_sentence_is_not_read_as_shift_jis() -> None:
    """charset-normalizer alone reads this line as Japanese Shift-JIS without any mess."""
    assert decode_text(KOI8_SENTENCE.encode("koi8-r")) == KOI8_SENTENCE
    ukrainian = "Міністерство закордонних справ України заявило, що переговори триватимуть."
    assert decode_text(ukrainian.encode("koi8-u")) == ukrainian


def test_real_shift_jis_is_still_japanese() -> None:
    japanese = "日本の外務省は来週も交渉を続けると発表した。東京で記者会見が行われた。" * 2
    assert decode_text(japanese.encode("shift_jis")) == japanese


@pytest.mark.parametrize("encoding, text", [
    ("cp1251", KOI8_SENTENCE),
    ("iso-8859-5", KOI8_SENTENCE),
    ("cp1256", ARABIC),
    ("iso-8859-6", ARABIC),
    ("iso-8859-7", "Το υπουργείο Εξωτερικών δήλωσε ότι οι συνομιλίες θα συνεχιστούν."),
    ("iso-8859-1", "Das Außenministerium erklärte, die Gespräche würden fortgesetzt."),
])
def test_legacy_code_pages_without_a_declaration(encoding: str, text: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Headline\n\nThe ministry said talks go on.\n",
                                  RUSSIAN, ARABIC + "\n"])
def test_utf16_without_a_bom(encoding: str, text: str) -> None:
    data = text.encode(encoding)
    assert decode_text(data) == text
    assert parse_article(Path("a.txt"), data).text.startswith(text.split("\n")[0])


def test_utf32_with_a_bom() -> None:
    assert decode_text("Новости".encode("utf-32")) == "Новости"


def test_zeros_on_both_sides_are_still_binary() -> None:
    with pytest.raises(ArticleError, match="^binary file$"):
        parse_article(Path("a.txt"), b"\x00\x01\x02\x00" * 64 + b"text")


def _page(charset_tag: bytes, body: str, encoding: str) -> bytes:
    return (b"<html><head>" + charset_tag + b"<title>" + body.encode(encoding)
            + b"</title></head><body><p>" + body.encode(encoding) + b"</p></body></html>")


@pytest.mark.parametrize("tag", [
    b'<meta charset="iso-8859-2">',
    b"<meta charset=ISO-8859-2>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">',
])
def test_a_page_declares_its_charset(tag: bytes) -> None:
    """ISO-8859-2 is indistinguishable from cp1252 by its bytes; the page's own word settles it."""
    polish = "Zażółć gęślą jaźń: rozmowy będą kontynuowane."
    assert decode_text(_page(tag, polish, "iso-8859-2"), markup=True).count(polish) == 2
    assert polish not in decode_text(_page(tag, polish, "iso-8859-2"))  # a .txt does not look


def test_an_xml_declaration_names_the_encoding() -> None:
    data = '<?xml version="1.0" encoding="windows-1251"?><html><p>Новости</p></html>'
    assert "Новости" in decode_text(data.encode("cp1251"), markup=True)


def test_whatwg_labels() -> None:
    """A page that says iso-8859-1 is cp1252, as in every browser: the curly quotes survive."""
    data = b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>'
    assert "“quoted”" in decode_text(data, markup=True)


def test_utf8_bytes_win_over_a_stale_declaration() -> None:
    data = _page(b'<meta charset="windows-1251">', "Новости России", "utf-8")
    assert "Новости России" in decode_text(data, markup=True)


@pytest.mark.parametrize("tag", [b'<meta charset="no-such-code">', b'<meta charset="utf-8">'])
def test_a_wrong_declaration_falls_back_to_guessing(tag: bytes) -> None:
    data = _page(tag, KOI8_SENTENCE, "cp1251")
    assert KOI8_SENTENCE in decode_text(data, markup=True)


def test_a_cp1251_web_page_gets_its_title() -> None:
    """The issue's example: «Новости России» was indexed as "Íîâîñòè Ðîññèè"."""
    data = _page(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
                 "Новости России", "cp1251")
    assert parse_article(Path("a.html"), data).title == "Новости России"
