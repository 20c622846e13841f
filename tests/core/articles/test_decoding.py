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
