"""The left pane: the search field over two tabs, Library and Results.

Typing a query searches as you type (debounced, off the GUI thread, stale
answers dropped: see workers.SearchRunner) and switches to the Results tab;
clearing the field goes back to the Library.  Results show title, source,
date, a score bar and the snippet with the matched words marked, drawn by a
rich-text delegate; facet chips (source, year, language) filter them; a malformed
query gets the core's one-sentence explanation, and an empty result offers
the core's "did you mean".  The results' model and delegate live in
search_results.py, the chips in facet_bar.py.  Opening a result is MainWindow's job: the panel
only says which article (with the query) or which note was chosen.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QMenu, QPushButton,
    QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from ..core.library import Library
from ..core.model import Results
from .actions import Actions
from .facet_bar import FacetBar
from .follow_keys import FollowKeys
from .search_results import HIT_ROLE, ResultDelegate, ResultsList, ResultsModel
from .theme import Theme
from .workers import SearchRequest, SearchRunner

PLACEHOLDER = 'Search — e.g. putin AND "islamic state" date:2016'
SCOPES = (("Articles", "articles"), ("Notes", "notes"), ("Both", "both"))
SORTS = (("Relevance", "relevance"), ("Newest first", "date"))
PAGE = 50


class SearchPanel(QWidget):
    """Search field, scope, and the Library / Results tabs of the left pane."""

    articleRequested = Signal(str, str)  # article id, the query whose hits to show
    noteRequested = Signal(str, str)  # article id, note id
    queryChanged = Signal(str)  # the text in the field, after each edit

    LIBRARY_TAB, RESULTS_TAB = 0, 1

    def __init__(self, library: Library, actions: Actions, library_view: QWidget,
                 pool: QThreadPool | None = None, parent: QWidget | None = None,
                 debounce_ms: int = 200) -> None:
        super().__init__(parent)
        self._library = library
        self._shown: SearchRequest | None = None
        self._limit = PAGE
        self.runner = SearchRunner(library, pool or QThreadPool.globalInstance(), self, debounce_ms)
        self.runner.resultsReady.connect(self._show_results)
        self.runner.failed.connect(self._show_error)
        self.runner.busyChanged.connect(self._busy_changed)

        # The field row.
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setToolTip("Search as you type. Press F1 for the query language.")
        if not actions.find.icon().isNull():
            self.field.addAction(actions.find, QLineEdit.ActionPosition.LeadingPosition)
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self.search_now)
        self.scope_combo = self._option_combo(SCOPES, "Search articles, notes, or both", "Search scope")
        self.help_button = QToolButton(self)
        self.help_button.setDefaultAction(actions.query_help)
        self.help_button.setAutoRaise(True)
        self.help_button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextOnly if actions.query_help.icon().isNull()
            else Qt.ToolButtonStyle.ToolButtonIconOnly)

        # The results tab.
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.sort_combo = self._option_combo(SORTS, "Order of the results", "Sort results")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setOpenExternalLinks(False)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                   | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.message_label.linkActivated.connect(self._link_activated)
        self.message_label.hide()
        self.facets = FacetBar(self)
        self.facets.hide()
        self.facets.changed.connect(self._options_changed)
        self.model = ResultsModel(self)
        self.list = ResultsList(self)
        self.list.setModel(self.model)
        self.delegate = ResultDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)  # measure 10 now, the rest soon
        self.list.setBatchSize(10)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always on: a scroll bar that comes and goes changes the width, hence
        # every item's height, hence whether the scroll bar is needed...
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Search results")
        self.list.clicked.connect(self._activated)
        self.list.activated.connect(self._activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_copies_menu)
        self.follow = FollowKeys(self.list, self._activated)
        self.more_button = QPushButton("Show more results", self)
        self.more_button.setFlat(True)
        self.more_button.hide()
        self.more_button.clicked.connect(self.show_more)

        results = QWidget(self)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.sort_combo)
        box = QVBoxLayout(results)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addLayout(header)
        box.addWidget(self.message_label)
        box.addWidget(self.facets)
        box.addWidget(self.list, 1)
        box.addWidget(self.more_button)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(library_view, "Library")
        self.tabs.addTab(results, "Results")
        self.results_page = results

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.field, 1)
        row.addWidget(self.scope_combo)
        row.addWidget(self.help_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        self._set_idle_text()

    # -- public -------------------------------------------------------------------

    @property
    def query(self) -> str:
        """The query whose results are shown ('' when none): the hits to highlight."""
        return self._shown.text if self._shown is not None else ""

    @property
    def scope(self) -> str:
        return self.scope_combo.currentData()

    @property
    def sort(self) -> str:
        return self.sort_combo.currentData()

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str, *, immediate: bool = True) -> None:
        """Put ``text`` in the field and search (at once, unless typing is simulated)."""
        self.field.setText(text)
        if immediate and text.strip():
            self.search_now()

    def set_scope(self, scope: str) -> None:
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(scope)))

    def search_now(self) -> None:
        """Search without waiting for the debounce (Enter in the field)."""
        if self.field.text().strip():
            self._request(immediate=True)

    def rerun(self) -> None:
        """Search again with the same query: the index or the notes changed."""
        if self.field.text().strip():
            self._request(immediate=True, keep_limit=True)

    def show_more(self) -> None:
        self._limit += PAGE
        self._request(immediate=True, keep_limit=True)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.facets.apply_theme(theme)
        self.list.viewport().update()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _option_combo(self, choices: Sequence[tuple[str, str]], tip: str, name: str) -> QComboBox:
        """A combo of (label, value) choices; changing it searches again."""
        combo = QComboBox(self)
        for label, value in choices:
            combo.addItem(label, value)
        combo.setToolTip(tip)
        combo.setAccessibleName(name)
        combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        return combo

    # -- requests -----------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self.queryChanged.emit(text)
        if not text.strip():
            self.runner.cancel()
            self._shown = None
            self.model.clear()
            self.facets.set_facets({})
            self.facets.hide()
            self.message_label.hide()
            self.more_button.hide()
            self._set_idle_text()
            self.tabs.setCurrentIndex(self.LIBRARY_TAB)
            return
        self.tabs.setCurrentIndex(self.RESULTS_TAB)
        self._request(immediate=False)

    def _options_changed(self) -> None:
        if self.field.text().strip():
            self._request(immediate=True)

    def _request(self, *, immediate: bool, keep_limit: bool = False) -> None:
        if not keep_limit:
            self._limit = PAGE
        request = SearchRequest(
            text=self.field.text(), scope=self.scope, sort=self.sort,
            sources=self.facets.selected("source"),
            years=tuple(int(y) for y in self.facets.selected("year") if y.isdigit()),
            languages=self.facets.selected("language"),
            limit=self._limit)
        self.runner.request(request, immediate=immediate)

    # -- answers ------------------------------------------------------------------

    def _busy_changed(self, busy: bool) -> None:
        if busy and self.field.text().strip():
            self.count_label.setText("Searching…")
        elif self._shown is None and not self.field.text().strip():
            self._set_idle_text()

    def _show_results(self, request: SearchRequest, results: Results) -> None:
        self._shown = request
        self.model.set_hits(results.hits)
        if request.scope == "notes":
            self.facets.set_facets({})
        else:
            self.facets.set_facets(results.facets,
                                   results.total - results.notes_total - results.team_total)
        self.count_label.setText(_count_text(results))
        self.count_label.setToolTip(
            "Files holding exactly the same text as another are one result, marked “2 copies”."
            if results.folded else "")
        self.more_button.setVisible(results.total > len(results.hits))
        if not results.hits and results.suggestion:
            self._set_message(
                f'No results. Did you mean <a href="suggest:{html.escape(results.suggestion, quote=True)}">'
                f"<b>{html.escape(results.suggestion)}</b></a>?")
        elif not results.hits and not results.undated:
            self._set_message("No results. Check the spelling, use fewer words, or try "
                              "a wildcard (terror*) or a fuzzy term (terorism~).")
        elif results.undated:
            self._set_message(html.escape(results.undated_note()))
        elif results.team_error:
            self._set_message(f"The team library was not searched: "
                              f"{html.escape(results.team_error)}")
        else:
            self.message_label.hide()
        self.list.placeholder = ""
        if self.model.rowCount():
            self.list.scrollToTop()

    def _show_error(self, request: SearchRequest, message: str) -> None:
        self._shown = None
        self.model.clear()
        self.facets.hide()
        self.more_button.hide()
        self.count_label.setText("Query not understood")
        self.list.placeholder = ""
        self.list.viewport().update()
        self._set_message(f"⚠ {html.escape(message)} "
                          '<a href="help:">Query language…</a>', error=True)

    def _set_message(self, rich_text: str, error: bool = False) -> None:
        self.message_label.setText(rich_text)
        self.message_label.setProperty("error", error)
        color = "#c0392b" if error else ""
        self.message_label.setStyleSheet(f"color: {color};" if color else "")
        self.message_label.show()

    def _link_activated(self, link: str) -> None:
        if link.startswith("suggest:"):
            self.set_query(html.unescape(link[len("suggest:"):]))
        elif link == "help:":
            help_action = self.help_button.defaultAction()
            if help_action is not None:
                help_action.trigger()

    def _set_idle_text(self) -> None:
        self.count_label.setText("Type in the search field above")
        self.list.placeholder = ("Search results appear here as you type.\n"
                                 "Press F1 for the query language.")

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return
        if hit.kind == "note":
            self.noteRequested.emit(hit.article_id, hit.note_id)
        else:
            self.articleRequested.emit(hit.id, self.query)

    def copies_menu(self, index: QModelIndex) -> QMenu | None:
        """Open each file of a result that holds the same text as others, saying
        which have notes (they belong to that file); None for a single file."""
        hit = index.data(HIT_ROLE)
        if hit is None or not getattr(hit, "copies", ()):
            return None
        menu = QMenu(self)
        notes = self._library.note_counts()  # one small query, on a right-click
        for copy_id, path in ((hit.id, hit.path), *((c.id, c.path) for c in hit.copies)):
            count = notes.get(copy_id, 0)
            noted = f"  ({count} note{'s' if count != 1 else ''})" if count else ""
            action = menu.addAction(f"Open copy: {path}{noted}")
            action.triggered.connect(
                lambda _checked=False, key=copy_id: self.articleRequested.emit(key, self.query))
        return menu

    def _show_copies_menu(self, point) -> None:
        menu = self.copies_menu(self.list.indexAt(point))
        if menu is not None:
            menu.exec(self.list.viewport().mapToGlobal(point))
            menu.deleteLater()

    def suggestion_link(self) -> str | None:
        """The "did you mean" text on show, if any (for tests and accessibility)."""
        match = re.search(r'href="suggest:([^"]*)"', self.message_label.text())
        return html.unescape(match.group(1)) if match and not self.message_label.isHidden() else None


def _count_text(results: Results) -> str:
    notes = results.notes_total
    articles = results.total - notes
    parts = []
    if results.total == 0:
        return "No results"
    if articles:
        parts.append(f"{articles} article{'s' if articles != 1 else ''}")
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''}")
    asides = [results.folded_note()] if results.folded else []
    if results.team_total:
        asides.append(f"{results.team_total} from the team library")
    if len(results.hits) < results.total:
        asides.append(f"showing {len(results.hits)}")
    return ", ".join(parts) + (f" ({', '.join(asides)})" if asides else "")


__all__ = ["PLACEHOLDER", "SearchPanel"]
