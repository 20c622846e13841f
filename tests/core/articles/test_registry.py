"""The format registry (registry.py): suffixes, reading files, every failure an ArticleError."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.articles import (MAX_FILE_BYTES, SUPPORTED_SUFFIXES, load_article, parse_article, read_file,
                                  registry)
from reader.core.model import ArticleError, article_id_for
from tests.core.articles.checks import assert_text_model


def test_too_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(registry, "MAX_FILE_BYTES", 10)
    with pytest.raises(ArticleError, match=r"^file too large \(11 bytes, limit 10 bytes\)$"):
        parse_article(Path("a.txt"), b"x" * 11)
    path = tmp_path / "big.txt"
    path.write_bytes(b"y" * 2048)
    with pytest.raises(ArticleError, match=r"^file too large \(2 KiB, limit 10 bytes\)$"):
        load_article(path)


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(int(34.2 * 2**20))  # sparse: costs no disk
    with pytest.raises(ArticleError, match=r"^file too large \(34.2 MiB, limit 20 MiB\)$"):
        load_article(path)
    assert MAX_FILE_BYTES == 20 * 2**20


def test_documents_have_a_larger_limit_than_text(tmp_path: Path) -> None:
    """A PDF report is mostly images: 34 MB is normal for one, and for a .txt file a dump."""
    path = tmp_path / "report.pdf"
    with path.open("wb") as handle:
        handle.truncate(int(34.2 * 2**20))  # sparse, and no PDF: refused for that, not its size
    with pytest.raises(ArticleError, match="not a readable PDF"):
        load_article(path)
    assert registry.size_limit(path) == registry.MAX_DOCUMENT_BYTES == 200 * 2**20
    assert registry.size_limit(tmp_path / "a.html") == MAX_FILE_BYTES


def test_vanished_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(ArticleError, match="^vanished before it could be read$"):
        load_article(path)
    path.write_text("Headline\n\nBody.\n")

    def vanish(name: object, *args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(name))

    monkeypatch.setattr(os, "open", vanish)  # deleted between the walk and the read
    with pytest.raises(ArticleError, match="^vanished before it could be read$"):
        load_article(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.\n")

    def refuse(name: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(name))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ArticleError, match="^unreadable: Permission denied$"):
        load_article(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.\n")
    path.chmod(0)
    try:
        with pytest.raises(ArticleError, match="^unreadable: Permission denied$"):
            load_article(path)
    finally:
        path.chmod(0o644)


def test_only_a_regular_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match=r"^not a regular file \(a folder\)$"):
        load_article(folder)
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)  # opened for reading, it would wait for ever for a writer
    with pytest.raises(ArticleError, match=r"^not a regular file \(a FIFO\)$"):
        load_article(fifo)
    with pytest.raises(ArticleError, match=r"^not a regular file \(a character device\)$"):
        read_file("/dev/zero")  # behind a link it would never end


def test_the_size_limit_holds_for_the_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grows.txt"
    path.write_bytes(b"z" * 64)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:  # a file that grew after it was statted
        status = real_fstat(fd)
        return os.stat_result((status.st_mode, *status[1:6], 4, *status[7:]))

    monkeypatch.setattr(registry, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(os, "fstat", lying_fstat)
    with pytest.raises(ArticleError, match=r"^file too large \(11 bytes, limit 10 bytes\)$"):
        read_file(path)


def test_unsupported_suffix() -> None:
    with pytest.raises(ArticleError, match="unsupported file type .bin"):
        parse_article(Path("a.bin"), b"\x00\x01")


def test_format_for() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".xht", ".pdf",
                                  ".docx", ".odt", ".eml", ".mbox", ".epub", ".mhtml", ".mht",
                                  ".rtf"}
    assert registry.format_for(Path("x/A.TXT")) and registry.format_for(Path("b.Markdown"))
    assert not registry.format_for(Path("c.bin")) and not registry.format_for(Path("txt"))


def test_load_article_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Headline\n\nBody.\n")
    article = load_article(path)
    assert (article.path, article.id, article.text) == (path, article_id_for(path), "Headline\nBody.")


_PIECES = st.sampled_from(
    [
        "", " ", "Word", "word", "co-", "operation", "Title Case Line", "A sentence.", "- item", "* item",
        "1. item", "# Heading", "> quote", "---", "title: x", "Subscribe", "Leave a Reply",
        "November 24, 2016", "By Jane Doe", "<p>para", "</p>", "<br>", "<li>", "<h1>", "<script>",
        "&amp;", "\u00a0", "e\u0301", "\t", "\r", "\u2028", "\x0c", "😀", "<!--", "<![CDATA[",
    ]
)


_TEXTY = st.lists(st.lists(_PIECES, max_size=6).map(" ".join), max_size=12).map("\n".join)


def _parse_or_error(name: str, data: bytes) -> None:
    try:
        article = parse_article(Path(name), data)
    except ArticleError as err:
        assert err.reason and str(err) == err.reason
        return
    assert_text_model(article)


_SUFFIXES = st.sampled_from(sorted(SUPPORTED_SUFFIXES))


_PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(_SUFFIXES, st.text(max_size=400))
@_PROPERTY
def test_any_text_gives_an_article_or_an_article_error(suffix: str, text: str) -> None:
    _parse_or_error(f"doc{suffix}", text.encode("utf-8", errors="surrogatepass"))


@given(_SUFFIXES, _TEXTY)
@_PROPERTY
def test_text_like_input_gives_an_article_or_an_article_error(suffix: str, text: str) -> None:
    _parse_or_error(f"doc{suffix}", text.encode("utf-8"))


@given(_SUFFIXES, st.binary(max_size=400))
@_PROPERTY
def test_any_bytes_give_an_article_or_an_article_error(suffix: str, data: bytes) -> None:
    _parse_or_error(f"doc{suffix}", data)


def test_each_format_module_reads_the_suffixes_the_registry_gives_it() -> None:
    for fmt in registry.FORMATS:
        assert fmt.load().SUFFIXES == fmt.suffixes
    assert SUPPORTED_SUFFIXES == {s for fmt in registry.FORMATS for s in fmt.suffixes}


def test_format_modules_and_their_libraries_load_on_first_use() -> None:
    """``reader-cli --version`` and a library of .txt files never import them."""
    heavy = ["markdown", "yaml", "selectolax", "charset_normalizer",
             "reader.core.articles.formats.html", "reader.core.articles.formats.markdown"]
    code = (
        "import sys\nfrom pathlib import Path\nimport reader.core.articles as a\n"
        "a.parse_article(Path('a.txt'), b'Headline\\n\\nBody.\\n')\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
        "a.warm_up()\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", repr([m for m in heavy if m != "charset_normalizer"])]


def test_a_format_library_that_fails_unexpectedly_skips_the_file_with_a_sentence(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A damaged file can trip a library in a way nobody foresaw: one file is lost, not the index."""
    from reader.core.articles.formats import docx

    def broken(path: Path, data: bytes):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(docx, "parse", broken)
    with pytest.raises(ArticleError, match=r"^could not be read: the DOCX reader failed \(KeyError\)$"):
        parse_article(Path("brief.docx"), b"PK")
    assert "the docx reader failed on brief.docx" in caplog.text
