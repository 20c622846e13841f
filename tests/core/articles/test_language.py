"""Language detection: the language of real paragraphs, "" when unsure, and
the sample it is detected on."""
from __future__ import annotations

import pytest

from reader.core.articles.language import SAMPLE_CHARS, detect_language, sample
from reader.core.model import BOILERPLATE, PARAGRAPH, Block
from tests.core.articles.checks import txt

PARAGRAPHS = {
    "en": "The ministry said on Tuesday that the fighters had withdrawn from the town after "
          "two days of heavy shelling, and that talks would resume next week in Geneva.",
    "ru": "Министерство заявило во вторник, что боевики покинули город после двух дней "
          "тяжёлых обстрелов, а переговоры возобновятся на следующей неделе в Женеве.",
    "uk": "Міністерство заявило у вівторок, що бойовики залишили місто після двох днів "
          "важких обстрілів, а переговори відновляться наступного тижня в Женеві.",
    "ar": "قالت الوزارة يوم الثلاثاء إن المقاتلين انسحبوا من المدينة بعد يومين من القصف "
          "العنيف، وإن المحادثات ستستأنف الأسبوع المقبل في جنيف.",
    "fr": "Le ministère a déclaré mardi que les combattants s'étaient retirés de la ville "
          "après deux jours de bombardements intenses, et que les négociations reprendraient.",
    "de": "Das Ministerium erklärte am Dienstag, die Kämpfer hätten sich nach zwei Tagen "
          "schweren Beschusses aus der Stadt zurückgezogen; die Gespräche würden fortgesetzt.",
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_each_language_is_recognised(code):
    assert detect_language(PARAGRAPHS[code]) == code


def test_arabic_with_full_harakat_and_tatweel_is_recognised():
    # CLD2 alone calls a fully vowelled text unknown: the marks are dropped first.
    vowelled = ("أَعْلَنَتِ الْوِزَارَةُ يَوْمَ الثُّلَاثَاءِ أَنَّ الْمُقَاتِلِينَ انْسَحَبُوا مِنَ "
                "الْمَدِينَةِ بَعْدَ يَوْمَيْنِ مِنَ الْقَصْفِ الْعَنِيفِ وَأَنَّ الْمُحَادَثَاتِ سَتُسْتَأْنَفُ")
    assert detect_language(vowelled) == "ar"
    assert detect_language(PARAGRAPHS["ar"].replace("ال", "الـــ")) == "ar"


@pytest.mark.parametrize("text", ["", "Hello", "2016-11-24 12:00", "   \n  ", "Note one."])
def test_too_little_text_is_unknown(text):
    assert detect_language(text) == ""


def test_characters_cld2_refuses_are_no_error():
    noisy = PARAGRAPHS["en"].replace(" ", " \x01\x7f\ud800\ufffe ", 5)
    assert detect_language(noisy) == "en"


def test_the_sample_leaves_chrome_out_and_is_capped():
    blocks = [Block(BOILERPLATE, "Home News Sport Weather Contact us Subscribe"),
              *[Block(PARAGRAPH, PARAGRAPHS["ru"])] * 200]
    text = sample(blocks)
    assert "Home" not in text and len(text) == SAMPLE_CHARS
    assert detect_language(text) == "ru"


def test_every_format_gets_its_language_through_the_shared_rules():
    assert txt(f"Доклад\n\n{PARAGRAPHS['ru']}\n").language == "ru"
    assert txt("Short\n\nToo short.\n").language == ""
