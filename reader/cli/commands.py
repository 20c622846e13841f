"""The command line's commands: every library operation without a screen.

`python main.py COMMAND ...` and `reader-cli COMMAND ...` land here (through
``reader.cli.main``).  Exit
code 0 on success; on failure one line on stderr and a non-zero code, never a
traceback for something the user did.
"""
from __future__ import annotations

import dataclasses
import html
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.model import (DEFAULT_TEMPLATE, LibraryError, Note, NoteFilter, NotesError,
                          QueryError, TeamEntry, TeamError, format_moment, is_link, parse_link,
                          shown)
from ..logs import setup_cli_logging
from .parser import build_parser, program_name, split_tags, undecodable
from .served import cmd_server
from .team import LOCAL_ACTIONS, cmd_team, cmd_team_notes, named_team, send_team_changes

if TYPE_CHECKING:  # imported when a command runs: --help and --version load no index code
    from ..core.library import Library

log = logging.getLogger("reader.cli")

def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def note_to_json(note: Note) -> dict:
    return {
        "id": note.id, "article_id": note.article_id, "article_path": note.article_path,
        "article_title": note.article_title, "start": note.start, "end": note.end,
        "quote": note.exact, "note": note.body, "tags": list(note.tags), "color": note.color,
        "status": note.status, "score": note.score, "created": note.created,
        "modified": note.modified,
        "earlier_anchors": [{
            "when": e.when, "reason": e.reason, "article_id": e.article_id,
            "article_title": e.article_title, "quote": e.exact, "prefix": e.prefix,
            "suffix": e.suffix, "start": e.start, "end": e.end,
        } for e in note.anchor_history],
    }


def _print_note(note: Note, team: TeamEntry | None = None) -> None:
    badge = "" if note.status == "intact" else f" [{note.status}]"
    tags = " ".join(f"#{t}" for t in note.tags)
    quote = " ".join(note.exact.split())
    print(f"{note.id}  {note.color}{badge}{_team_badge(team)}  {note.article_title}  "
          f"{note.start}-{note.end}")
    print(f"    > {quote[:200]}{'…' if len(quote) > 200 else ''}")
    if note.body:
        for line in note.body.splitlines():
            print(f"    {line}")
    if tags:
        print(f"    {tags}")
    for earlier in reversed(note.anchor_history):  # the latest first
        was = " ".join(earlier.exact.split())
        print(f"    {earlier.reason} {earlier.when[:16].replace('T', ' ')} UTC; "
              f"was “{was[:80]}{'…' if len(was) > 80 else ''}” at {earlier.start}-{earlier.end}")


def _team_badge(entry: TeamEntry | None) -> str:
    """" [team, shared by alice]": where a team note stands; "" for a local note."""
    if entry is None:
        return ""
    who = f" by {entry.author}" if entry.author else ""
    waiting = ", waiting to be sent" if entry.pending else ""
    return f" [team, {'shared' if entry.shared else 'private'}{who}{waiting}]"


def _plain_snippet(snippet: str) -> str:
    """The HTML snippet for a terminal: matches in bold (or *stars* when piped)."""
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("*", "*")
    text = snippet.replace("<mark>", bold).replace("</mark>", plain)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# -- commands -----------------------------------------------------------------


class _Progress:
    """A one-line progress counter on stderr, only on a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and (done == total or done % 25 == 0):
            print(f"\rindexing {done}/{total}", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def cmd_index(lib: Library, args) -> int:
    lib.add_folders(args.folders)
    if lib.index_busy():
        print("Another copy of Reader is updating the index; waiting for it to finish…",
              file=sys.stderr)
    progress = _Progress()
    summary, reanchored = lib.update_index(progress)
    progress.finish()
    if args.json:
        data = summary.to_dict()
        data["reanchored"] = dict(reanchored.counts)
        data["folders"] = [str(f) for f in lib.folders]
        _print_json(data)
        return 0
    for message in summary.messages:
        print(message)
    print(f"Indexed {len(lib.folders)} folder(s): {summary.describe()}")
    for skip in summary.skipped:
        print(f"  skipped {shown(skip.path)}: {skip.reason}")
    if summary.ignored:
        reasons = {}
        for item in summary.ignored:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
        for reason, count in sorted(reasons.items()):
            print(f"  ignored {count} file(s): {reason}")
    print(reanchored.describe().capitalize())
    return 0


def cmd_search(lib: Library, args) -> int:
    results = lib.search(args.query, limit=args.limit, page=args.page, sort=args.sort,
                         sources=args.source, years=args.year, scope=args.scope, team=True)
    if results.team_error:  # the local results stand
        print(f"{program_name()}: the team library was not searched: {results.team_error}",
              file=sys.stderr)
    if args.json:
        _print_json(results.to_dict())
        return 0
    asides = [results.folded_note()] if results.folded else []
    if results.team_total:
        asides.append(f"{results.team_total} from the team library")
    aside = f" ({', '.join(asides)})" if asides else ""
    print(f"{results.total} result(s) for {args.query!r}{aside}")
    if results.undated:
        print(results.undated_note())
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}")
    for hit in results.hits:
        if hit.kind == "note":
            print(f"\n[note] {hit.article_title}  ({hit.note_id})")
        else:
            meta = " · ".join(x for x in (hit.date[:10], hit.source) if x)
            score = "" if results.sort == "date" else f"  [{hit.score:.2f}]"  # date: no score
            copies = f"  ({len(hit.copies) + 1} copies)" if hit.copies else ""
            origin = "[team] " if hit.team else ""
            print(f"\n{origin}{hit.title}{score}  {meta}{copies}")
            for path in (hit.path, *(c.path for c in hit.copies)):
                print(f"  {path}")
        print(f"  {_plain_snippet(hit.snippet)}")
    return 0


def cmd_show(lib: Library, args) -> int:
    article = lib.article(args.article)  # (a team article, too, when a team is named)
    highlights = lib.highlights(article.id, args.query) if args.query else []
    if args.json:
        _print_json({
            "id": article.id, "path": str(article.path), "title": article.title,
            "date": article.date, "author": article.author, "source": article.source,
            "text": article.text, "highlights": [list(h) for h in highlights],
        })
        return 0
    meta = " · ".join(x for x in (article.date, article.author, article.source) if x)
    if meta:
        print(meta)
    print(article.text)
    if args.query:
        print(f"\n{len(highlights)} hit(s) for {args.query!r}")
    return 0


def cmd_articles(lib: Library, args) -> int:
    items = lib.articles()
    if lib.team_url is not None:  # the team library's too, marked; the local list stands
        try:
            items += lib.team_articles()
        except TeamError as exc:
            print(f"{program_name()}: the team library was not listed: {exc}", file=sys.stderr)
    if args.json:
        _print_json([item.__dict__ for item in items])
        return 0
    for item in items:
        copies = f"  (the same text as {item.copies} other file{'s' if item.copies != 1 else ''})" \
            if item.copies else ""
        origin = "[team] " if item.team else ""
        print(f"{item.id}  {item.date[:10]:10}  {origin}{item.title}  ({item.note_count} notes)"
              f"{copies}")
    return 0


def cmd_folders(lib: Library, args) -> int:
    if args.remove:
        lib.remove_folder(args.remove)
        summary, _ = lib.update_index()  # its articles leave the index now, not at the next run
        print(f"Removed {args.remove}: {summary.removed} article(s) left the index.")
    statuses = lib.folder_statuses()
    if args.json:
        print(json.dumps([dataclasses.asdict(status) for status in statuses], indent=2,
                         ensure_ascii=False))
        return 0
    for status in statuses:
        print(status.path)
        when = f"indexed {format_moment(status.checked_at)}" if status.checked_at else "not indexed yet"
        facts = [f"{status.articles} article{'s' if status.articles != 1 else ''}", when]
        if status.checked_at:
            facts.append(f"{len(status.skipped)} skipped")
        print("    " + (" · ".join(facts) if status.found else "not found (moved, or a drive not mounted)"))
        for skip in status.skipped if args.skipped else ():
            print(f"        {os.path.relpath(skip.path, status.path)}: {skip.reason}")
    return 0


def cmd_notes(lib: Library, args) -> int:
    action = args.notes_command
    if getattr(args, "note_id", None):  # an id, or a unique prefix of one, as git takes
        args.note_id = lib.resolve_note_id(args.note_id)
    if action == "add":
        if args.start is not None and args.end is None:
            raise LibraryError("--start needs --end.")
        changes = lib.add_note(args.article, start=args.start, end=args.end, quote=args.quote,
                               occurrence=args.occurrence, body=args.note or "",
                               tags=split_tags(args.tags) or [], color=args.color or "yellow",
                               shared=args.shared)
        _show_note(changes.note, args.json, lib)
        send_team_changes(lib, changes.notes)
        return 0
    if action == "list":
        notes = lib.list_notes(args.article, tag=args.tag, status=args.status, color=args.color)
        team = lib.team_entries(n.id for n in notes)
        if args.json:
            _print_json([{**note_to_json(n), "team": _team_json(team.get(n.id)),
                          "other_versions": [
                {"saved": v.saved, "reason": v.reason, "note": note_to_json(v.note)}
                for v in lib.note_versions(n.id)]} for n in notes])
        else:
            for note in notes:
                _print_note(note, team.get(note.id))
                for version in lib.note_versions(note.id):
                    body = " ".join(version.note.body.split())
                    print(f"    other version kept {format_moment(version.saved)}, "
                          f"{version.reason}: “{body[:80]}{'…' if len(body) > 80 else ''}”")
            print(f"{len(notes)} note(s)")
        return 0
    if action == "search":
        hits = lib.search_notes(args.query)
        if args.json:
            _print_json({"query": args.query, "total": len(hits),
                         "hits": [h.to_dict() for h in hits]})
        else:
            for hit in hits:
                print(f"{hit.note_id}  {hit.article_title}\n  {_plain_snippet(hit.snippet)}")
            print(f"{len(hits)} note(s)")
        return 0
    if action == "edit":
        changes = lib.edit_note(args.note_id, body=args.note, tags=split_tags(args.tags),
                                color=args.color)
        _show_note(changes.note, args.json, lib)
        send_team_changes(lib, changes.notes)
        return 0
    if action == "delete":
        deleted = lib.delete_note(args.note_id).note
        print(f"Moved note {deleted.id} to the Trash; `{program_name()} notes restore "
              f"{deleted.id[:8]}` brings it back within 30 days.")
        send_team_changes(lib, [deleted.id])
        return 0
    if action == "trash":
        if args.empty:
            print(f"Emptied the Trash: {lib.empty_trash()} note(s) deleted for good.")
            return 0
        kept = lib.trash()
        if args.json:
            _print_json([{**note_to_json(t.note), "trashed": t.trashed} for t in kept])
            return 0
        for item in kept:
            print(f"{item.note.id}  deleted {item.trashed[:16].replace('T', ' ')} UTC  "
                  f"{item.note.article_title}\n  “{item.note.exact[:80]}”")
        print(f"{len(kept)} note(s) in the Trash (kept 30 days)")
        return 0
    if action == "restore":
        restored_note = lib.restore_note(args.note_id).note
        _show_note(restored_note, False, lib)
        send_team_changes(lib, [restored_note.id])
        return 0
    if action == "reattach":
        changes = lib.reattach_note(args.note_id, args.start, args.end, args.article,
                                    quote=args.quote, occurrence=args.occurrence)
        return _show_note(changes.note, args.json)
    if action == "export":
        return _export(lib, args)
    if action == "import":
        imported = lib.import_notes(args.file)
        added, updated = len(imported.added), len(imported.changed)
        print(f"Imported {added + updated} note(s): {added} new, {updated} updated.")
        if imported.conflicts:
            print(f"{len(imported.conflicts)} note(s) differed from the import; the newer edit "
                  "was kept and the other saved with the note:")
        for conflict in imported.conflicts:
            kept, other = ((conflict.here_modified, conflict.import_modified) if conflict.kept == "here"
                           else (conflict.import_modified, conflict.here_modified))
            whose = "the one here" if conflict.kept == "here" else "the import's"
            print(f"  {conflict.note_id[:8]}: kept {whose} (edited {format_moment(kept)}); "
                  f"saved the other (edited {format_moment(other) or 'at an unknown time'})")
        return 0
    raise AssertionError(action)


def _export(lib: Library, args) -> int:
    if args.list_templates:
        for template in lib.export_templates():
            origin = f" ({template.path})" if template.path else ""
            print(f"{template.name:<12} {template.summary}{origin}")
        return 0
    if args.format != "markdown" and (args.template != DEFAULT_TEMPLATE or args.with_colour):
        raise LibraryError("--template and --with-colour are for --format markdown only.")
    article_ids = None
    if args.article:
        article_ids = frozenset(lib.article(key).id for key in args.article)
    flt = NoteFilter(
        article_ids=article_ids,
        tags=frozenset(args.tag) if args.tag else None,
        colors=frozenset(args.color) if args.color else None,
        since=args.since, until=args.until,
    )
    text, files, count = lib.export_notes(args.format, args.output, flt=flt, query=args.query,
                                          per_article=args.per_article, template=args.template,
                                          with_colour=args.with_colour)
    if text is not None:
        sys.stdout.write(text)
    else:
        where = files[0] if len(files) == 1 else f"{len(files)} files in {args.output}"
        print(f"Exported {count} note(s) to {where}", file=sys.stderr)
    return 0


def _show_note(note: Note, as_json: bool, lib: Library | None = None) -> int:
    team = lib.team_entries([note.id]).get(note.id) if lib is not None else None
    if as_json:
        _print_json({**note_to_json(note), "team": _team_json(team)})
    else:
        _print_note(note, team)
    return 0


def _team_json(entry: TeamEntry | None) -> dict | None:
    """A note's place in the team library, for --json (None: a local note)."""
    if entry is None:
        return None
    return {"author": entry.author, "shared": entry.shared, "waiting": entry.pending}


#: How long ``open`` waits to learn whether a window took the target (a
#: launch that hands over exits within a second) or became the window.
WINDOW_START_SECONDS = 5.0


def cmd_open(args) -> int:
    """Hand the target to the window: ``reader TARGET`` passes it to the window
    open on this data directory and exits, or becomes that window."""
    target = args.target
    if is_link(target):
        parse_link(target)  # a link Reader cannot open is said here, not in a window
    elif os.path.exists(target):
        target = os.path.abspath(target)
    else:
        raise LibraryError(f"No such file or folder: {target}")
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "reader"]
    home = ["--home", args.home] if args.home else []
    home += ["--team", args.team] if args.team else []  # (the window's team library, too)
    window = subprocess.Popen([*program, *home, target], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        code = window.wait(timeout=WINDOW_START_SECONDS)
    except subprocess.TimeoutExpired:
        print(f"Opened {target} in a new Reader window.")
        return 0
    if code != 0:
        raise LibraryError(f"Reader's window could not be started (exit code {code}); "
                           "reader.log in the data folder says why.")
    print(f"Opened {target} in the Reader window.")
    return 0


HANDLERS = {
    "index": cmd_index, "search": cmd_search, "show": cmd_show,
    "articles": cmd_articles, "folders": cmd_folders, "notes": cmd_notes,
    "team": cmd_team_notes,
}
#: Commands that need an up-to-date index before they can answer.
NEEDS_INDEX = {"search", "show", "articles", "notes"}


class RunAtTerminal(Exception):
    """Raised in a command server's child for a command that must run in the
    client's own process: it may ask at the terminal (a team password), or
    start the window.  (``server status|stop`` never come: reader.cli runs
    them in their own process.)"""


def main(argv: Sequence[str] | None = None, *, served: bool = False) -> int:
    """Run one command; ``served``: in a command server's child (server.py)."""
    try:
        return _run(argv, served)
    except BrokenPipeError:
        # Piped into `head`, which has read what it wanted: a quiet exit, as
        # grep and cat make.  Output still buffered would fail again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a process ended by it


def _run(argv: Sequence[str] | None, served: bool = False) -> int:
    if sys.stdout is None:  # started with it closed (>&-): as echo, a sentence, not a traceback
        if sys.stderr is not None:
            print(f"{program_name()}: error: the standard output is closed.", file=sys.stderr)
        return 1
    for name in ("stdin", "stderr"):  # closed: nothing to read, and no one to tell
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "r" if name == "stdin" else "w"))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):  # a name's stray bytes print as "?", never fail
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    setup_cli_logging()
    name = program_name()
    problem = undecodable(args)
    if problem:
        print(f"{name}: error: {problem}", file=sys.stderr)
        return 2
    if served and (args.command in ("open", "team") or named_team(args)):
        raise RunAtTerminal(args.command)
    if args.command == "server":
        return cmd_server(args.action)
    if args.command == "open" or (args.command == "team"
                                  and args.team_command not in LOCAL_ACTIONS):
        # (the window's, the server's: no library opened)
        try:
            return cmd_open(args) if args.command == "open" else cmd_team(args)
        except (LibraryError, ValueError) as exc:
            print(f"{name}: error: {exc}", file=sys.stderr)
            return 1
    from ..core.library import Library

    try:
        with Library(args.home) as lib:
            lib.use_team(named_team(args) or None)
            for message in lib.messages:
                print(message, file=sys.stderr)
            if args.command in NEEDS_INDEX and lib.index.needs_update:
                summary, _ = lib.update_index()
                for message in summary.messages:
                    print(message, file=sys.stderr)
            return HANDLERS[args.command](lib, args)
    except (LibraryError, QueryError, NotesError) as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except UnicodeError:  # a path of bytes that are not UTF-8, where text is kept
        log.debug("text that is not UTF-8", exc_info=True)
        print(f"{name}: error: a name given or found is not valid UTF-8 text, and cannot be "
              "used here.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{name}: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
