"""Mailboxes (.mbox): each message an article keyed by its Message-ID, attachments too."""
from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from reader.core.articles import parse_articles
from reader.core.model import INTACT, ORPHANED, ArticleError
from tests.core.articles.checks import assert_text_model, indexed_library
from tests.core.articles.formats.test_mail import make_eml


def message(subject: str, body: str, message_id: str | None, *,
            attachment: tuple[bytes, str] | None = None) -> bytes:
    mail = email.message_from_bytes(make_eml(plain=body, subject=subject),
                                    policy=email.policy.default)
    if message_id:
        mail["Message-ID"] = message_id
    if attachment:
        mail.add_attachment(attachment[0], maintype="text", subtype="plain",
                            filename=attachment[1])
    return bytes(mail)


def mbox(*messages: bytes, newline: bytes = b"\n") -> bytes:
    """Messages as a mailbox holds them: each after a ``From `` line, a
    body line starting with "From " quoted as mboxrd does."""
    out = b""
    for raw in messages:
        raw = raw.replace(b"\nFrom ", b"\n>From ")
        out += b"From desk@example.org Thu Nov 24 23:21:05 2016\n" + raw + b"\n"
    return out.replace(b"\n", newline)


def test_every_message_and_attachment_is_an_article_keyed_by_message_id():
    box = mbox(message("Aleppo talks", "The talks resume on Monday.\n", "<a1@example.org>"),
               message("Idlib convoy", "The convoy was shelled.\n", "<b2@example.org>",
                       attachment=(b"Annex: casualty figures.\n", "annex.txt")))
    found = parse_articles(Path("desk.mbox"), box)
    assert [(a.part, a.title) for a in found.articles] == [
        ("<a1@example.org>", "Aleppo talks"),
        ("<b2@example.org>", "Idlib convoy"),
        ("<b2@example.org>/annex.txt", "Idlib convoy — annex.txt")]
    assert "The convoy was shelled." in found.articles[1].text
    assert "casualty figures" in found.articles[2].text
    for article in found.articles:
        assert_text_model(article)


def test_ids_stay_when_mail_is_added_before_or_after():
    first = message("Aleppo talks", "The talks resume.\n", "<a1@example.org>")
    second = message("Idlib convoy", "The convoy was shelled.\n", "<b2@example.org>")
    alone = parse_articles(Path("desk.mbox"), mbox(second)).articles[0]
    grown = parse_articles(Path("desk.mbox"), mbox(first, second)).articles[1]
    assert (grown.id, grown.title) == (alone.id, alone.title)


def test_messages_without_an_id_are_keyed_by_their_place_and_duplicates_told_apart():
    box = mbox(message("One", "First.\n", None), message("Two", "Second.\n", "<x@y>"),
               message("Three", "Third.\n", "<x@y>"))
    assert [a.part for a in parse_articles(Path("desk.mbox"), box).articles] == [
        "#1", "<x@y>", "<x@y>#3"]


def test_crlf_mailboxes_are_read_and_quoted_from_lines_unquoted():
    body = "Minutes of the meeting.\n\nFrom the Russian side, three envoys.\n"
    found = parse_articles(Path("desk.mbox"),
                           mbox(message("Minutes", body, "<m@x>"), newline=b"\r\n"))
    assert [a.title for a in found.articles] == ["Minutes"]
    assert "From the Russian side, three envoys." in found.articles[0].text


def test_a_message_that_is_none_is_skipped_with_its_place():
    box = mbox(b"garbage without headers\n", message("Kept", "Still here.\n", "<k@x>"))
    found = parse_articles(Path("desk.mbox"), box)
    assert [a.title for a in found.articles] == ["Kept"]
    assert found.skipped == (
        "message 1: not an e-mail message (no From or Subject header)",)


def test_a_file_that_is_no_mailbox_says_so():
    with pytest.raises(ArticleError, match='not a mailbox'):
        parse_articles(Path("desk.mbox"), b"Subject: hello\n\nbody\n")


def test_a_mailbox_is_indexed_searched_opened_and_keeps_its_notes_as_it_grows(tmp_path):
    first = message("Aleppo talks", "The talks resume on Monday.\n", "<a1@example.org>",
                    attachment=(b"Annex: the casualty figures for Idlib.\n", "annex.txt"))
    second = message("Moscow reply", "Moscow rejected the proposal.\n", "<b2@example.org>")
    with indexed_library(tmp_path, {"desk.mbox": mbox(first)}) as (library, summary):
        assert summary.added == 2 and summary.skipped == []
        annex_id = library.search("casualty").hits[0].id
        annex = library.article(annex_id)
        assert (annex.title, annex.part) == ("Aleppo talks — annex.txt",
                                             "<a1@example.org>/annex.txt")
        note = library.add_note(annex_id, quote="casualty figures", body="check").note
        path = library.record(annex_id).path
        with open(path, "ab") as box:  # new mail arrives
            box.write(mbox(second))
        summary, _ = library.update_index()
        assert (summary.added, summary.updated, summary.removed) == (1, 2, 0)
        assert library.search("Moscow rejected").hits[0].title == "Moscow reply"
        assert library.article(annex_id).title == "Aleppo talks — annex.txt"
        kept = library.note(note.id)
        assert (kept.article_id, kept.exact, kept.status) == (annex_id, "casualty figures",
                                                               INTACT)
        assert len(library.articles()) == 3
        (tmp_path / "articles" / "desk.mbox").write_bytes(mbox(second))  # the first is gone
        summary, _ = library.update_index()
        assert summary.removed == 2 and len(library.articles()) == 1
        assert library.note(note.id).status == ORPHANED
