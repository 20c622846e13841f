"""Real PDF files for the tests: by hand (Helvetica, or no text layer), or by fpdf2 in any script.

``make_pdf`` writes the bytes itself, so each line lands exactly where a test
wants it; Helvetica covers cp1252 only.  ``make_unicode_pdf`` has fpdf2 set
Cyrillic and Arabic text in FiraGO, a font that pymupdf-fonts ships on PyPI
(nothing to install from the system), shaped by HarfBuzz (uharfbuzz) as
real producers shape Arabic: joined letter forms and lam-alef ligatures,
written right to left, with a ToUnicode map back to the base letters.
"""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import NamedTuple


class Styled(NamedTuple):
    """A line set in another size than the body's 11 points, or in bold."""

    text: str
    size: float = 11
    bold: bool = False


def _literal(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def make_pdf(pages: list[list[str | Styled]], info: dict[str, str] | None = None) -> bytes:
    """A PDF whose page ``n`` shows the lines ``pages[n]`` from the top (an empty list: no text).

    A line is set in 11-point Helvetica on 14 points of leading (``Styled``:
    another size, on 1.3 times its size, or bold).  An empty line in a page
    leaves a blank line's gap, as between paragraphs.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_ref = add(b"")
    fonts = [add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
                 % name) for name in (b"Helvetica", b"Helvetica-Bold")]
    kids = []
    for lines in pages:
        ops, y = [], 754.0
        for line in lines:
            line = Styled(line) if isinstance(line, str) else line
            y -= 14 if line.size == 11 else line.size * 1.3
            if line.text:
                ops.append(b"BT /F%d %g Tf 72 %g Td %s Tj ET"
                           % (2 if line.bold else 1, line.size, y, _literal(line.text)))
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                        b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_ref, *fonts, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref
    objects[pages_ref - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_ref = add(b"<< " + b" ".join(b"/" + key.encode() + b" " + _literal(value)
                                      for key, value in (info or {}).items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info_ref, xref)
    return bytes(out)


@functools.cache
def _firago() -> str:
    """FiraGO as a file for the whole test run: fpdf2 and HarfBuzz read fonts from paths."""
    import pymupdf_fonts

    folder = Path(tempfile.mkdtemp(prefix="reader-test-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "FiraGO-Regular.ttf"
    path.write_bytes(pymupdf_fonts.myfont("figo"))
    return str(path)


def make_unicode_pdf(heading: str, paragraphs: list[str], *, title: str = "", author: str = "",
                     created: datetime | None = None, rtl: bool = False) -> bytes:
    """An A4 PDF: ``heading`` in 18 pt, then each paragraph in 11 pt, wrapped by fpdf2.

    ``title``, ``author`` and ``created`` go to the document information;
    ``rtl`` aligns the text to the right, as an Arabic document is set.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("FiraGO", fname=_firago())
    pdf.set_text_shaping(True)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if created:
        pdf.set_creation_date(created)
    align = "R" if rtl else "L"
    pdf.add_page()
    pdf.set_font("FiraGO", size=18)
    pdf.multi_cell(0, 10, heading, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("FiraGO", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return bytes(pdf.output())
