"""A mixed-format corpus for the benches: English and Russian PDF, DOCX, EML and HTML.

    python bench/mixed_corpus.py OUT [--per-format N]   # write one, to look at

Analysts' folders hold reports and briefs, not text files, so the indexers
are compared on the same kinds of files: per format, half English and half
Russian; three in four are short news items (about 600 words), one in four
a long report (about 10 pages, 5,000 words).  Files go to ``OUT/<format>/``,
so that each format can be indexed on its own as well as all together.

Writing them needs the test extra (``pip install -e '.[test]'``): fpdf2
for the PDFs, set in FiraGO from pymupdf-fonts (a font on PyPI with Latin,
Cyrillic and Arabic: nothing to install from the system), and python-docx.
"""
from __future__ import annotations

import argparse
import atexit
import email.policy
import functools
import html
import random
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from index_search import vocabulary  # noqa: E402

FORMATS = ("pdf", "docx", "eml", "html")
NEWS_WORDS = 600
REPORT_WORDS = 5_000
#: Words of Russian news on the same subjects as the seed articles, so that
#: Russian text has realistic word lengths, stems and repeats.
RUSSIAN = """
Россия Москва Кремль Сирия Дамаск Алеппо Идлиб Турция Иран Украина Киев Донбасс
Вашингтон коалиция террорист терроризм терроризмом террористов боевики боевиков
группировка группировки Исламское государство ИГИЛ запрещённая организация война
войны операция операции армия армии войска войск удар удары авиаудар авиаудары
министр министерство обороны иностранных дел президент правительство парламент
заявил заявила сообщил сообщили агентство источник источники данные по данным
переговоры соглашение перемирие режим прекращения огня гуманитарный конвой беженцы
население мирных жителей погибли ранены город города района провинции границы
безопасность безопасности разведка спецслужбы контроль территории наступление
отступление позиции позиций оружие техника танки ракеты беспилотник самолёт
вертолёт база базы санкции экономика нефть газ поставки рынок рубль доллар
эксперт эксперты аналитик доклад доклада отчёт оценка угроза угрозы риск
вербовка пропаганда интернет сеть сети канал каналы видео заявление лидер
командир командование штаб союзники партнёры встреча саммит визит делегация
совет резолюция ООН НАТО Евросоюз США Европа Ближний Восток регион региона
неделе вторник среду четверг пятницу году месяца вчера сегодня ранее позднее
который которые было были будет может могут также однако более менее после
""".split()
TITLE_WORDS = 7


@functools.cache
def font_path() -> str:
    """FiraGO, from pymupdf-fonts, as a file: fpdf2 reads fonts from paths only."""
    import pymupdf_fonts

    folder = Path(tempfile.mkdtemp(prefix="reader-bench-font-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "FiraGO-Regular.ttf"
    path.write_bytes(pymupdf_fonts.myfont("figo"))
    return str(path)


class Writer:
    """One generated article, written in each of the four formats."""

    def __init__(self, rng: random.Random, words: list[str], size: int) -> None:
        self.title = " ".join(rng.choices(words, k=TITLE_WORDS)).capitalize()
        self.author = " ".join(rng.choices(words, k=2)).title()
        self.date = datetime(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28),
                             rng.randint(6, 20), tzinfo=timezone.utc)
        self.paragraphs: list[str] = []
        count = 0
        while count < size:
            sentences = [" ".join(rng.choices(words, k=rng.randint(8, 24))).capitalize() + "."
                         for _ in range(rng.randint(2, 6))]
            paragraph = " ".join(sentences)
            self.paragraphs.append(paragraph)
            count += len(paragraph.split())

    def pdf(self) -> bytes:
        from fpdf import FPDF

        pdf = FPDF(format="A4")
        pdf.set_title(self.title)
        pdf.set_author(self.author)
        pdf.set_creation_date(self.date)
        pdf.add_font("FiraGO", fname=font_path())
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        pdf.set_font("FiraGO", size=16)
        pdf.multi_cell(0, 8, self.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("FiraGO", size=11)
        for paragraph in self.paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        return bytes(pdf.output())

    def docx(self) -> bytes:
        import io

        import docx

        document = docx.Document()
        document.core_properties.title = self.title
        document.core_properties.author = self.author
        document.core_properties.created = self.date.replace(tzinfo=None)
        document.add_heading(self.title, level=1)
        for paragraph in self.paragraphs:
            document.add_paragraph(paragraph)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def eml(self) -> bytes:
        message = EmailMessage(policy=email.policy.SMTP)
        message["Subject"] = self.title
        message["From"] = f"{self.author} <desk@example.org>"
        message["To"] = "analysts@example.org"
        message["Date"] = format_datetime(self.date)
        message.set_content("\n\n".join(self.paragraphs) + "\n")
        return message.as_bytes()

    def html(self, lang: str) -> bytes:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
                f"<title>{html.escape(self.title)}</title>\n"
                f'<meta name="author" content="{html.escape(self.author)}">\n'
                f'<meta property="article:published_time" content="{self.date.isoformat()}">\n'
                f"</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
                f"<article><h1>{html.escape(self.title)}</h1>\n{body}\n</article>\n"
                f"<footer>© Desk</footer></body></html>\n").encode("utf-8")


def generate_mixed(folder: Path, per_format: int, seed: int = 11) -> dict[str, int]:
    """``per_format`` files of each format under ``folder/<format>/``; the bytes per format."""
    rng = random.Random(seed)
    languages = {"en": vocabulary(), "ru": RUSSIAN}
    sizes: dict[str, int] = {}
    for fmt in FORMATS:
        (folder / fmt).mkdir(parents=True, exist_ok=True)
        sizes[fmt] = 0
        for i in range(per_format):
            lang = "en" if i % 2 == 0 else "ru"
            length = REPORT_WORDS if i % 4 == 3 else NEWS_WORDS
            writer = Writer(rng, languages[lang], int(length * rng.uniform(0.8, 1.2)))
            data = writer.html(lang) if fmt == "html" else getattr(writer, fmt)()
            (folder / fmt / f"{lang}-{i:04d}.{fmt}").write_bytes(data)
            sizes[fmt] += len(data)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-format", type=int, default=40)
    args = parser.parse_args()
    for fmt, size in generate_mixed(args.out, args.per_format).items():
        print(f"{fmt}: {args.per_format} files, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
