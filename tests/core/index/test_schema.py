"""The schema: the text fields in the packed formats, analysed by the Snowball chain."""
from __future__ import annotations

from reader.core.index import PackedCharacters, PackedPositions, make_analyzer
from reader.core.index.schema import make_schema


def test_text_fields_use_the_packed_formats_and_the_analyzer():
    schema = make_schema()
    assert type(schema["body"].format) is PackedCharacters
    assert {type(schema[f].format) for f in ("title", "author", "source")} == {PackedPositions}
    assert schema["title"].analyzer == make_analyzer()
    assert schema["id"].unique and schema["text"].stored


def test_the_language_field_is_stored_and_sortable():
    """lang: the `lang:` field, the language facet (a column), the preparer's language."""
    from reader.core.index import LANGUAGE_FIELD

    field = make_schema()[LANGUAGE_FIELD]
    assert field.stored and field.column_type is not None and not field.scorable
    assert list(field.process_text("ru")) == ["ru"]
