"""Language names and codes, both ways."""
from __future__ import annotations

from reader.core.model import language_code, language_name


def test_names_for_codes():
    assert [language_name(c) for c in ("ru", "ar", "uk", "en")] == [
        "Russian", "Arabic", "Ukrainian", "English"]
    assert language_name("xq") == "xq" and language_name("") == ""


def test_codes_for_what_a_user_types():
    assert [language_code(t) for t in ("ru", "RU", "Russian", " arabic ", "xq")] == [
        "ru", "ru", "ru", "ar", "xq"]
