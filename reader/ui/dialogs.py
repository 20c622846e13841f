"""Small informational dialogs: About, and the query language cheat-sheet.

Both are opened non-blocking (``show``), so the user can keep the
cheat-sheet beside the search field while typing a query.
"""
from __future__ import annotations

import platform

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__

QUERY_HELP = """
<h3>Searching the library</h3>
<p>Type in the search field; results appear as you type. Press <b>Enter</b> to search at once,
<b>F3</b> / <b>Shift+F3</b> to move between the hits in the open article.</p>
<table cellspacing="0" cellpadding="4">
<tr><th align="left">Type</th><th align="left">To find</th></tr>
<tr><td><code>putin russia</code></td><td>articles with both words (word forms too: <i>attack</i> finds <i>attacks</i>)</td></tr>
<tr><td><code>"islamic state"</code></td><td>the exact phrase</td></tr>
<tr><td><code>putin OR assad</code></td><td>either word</td></tr>
<tr><td><code>putin AND (syria OR iraq)</code></td><td>combinations, with brackets</td></tr>
<tr><td><code>terror NOT paris</code>, <code>terror -paris</code></td><td>leave out articles with a word</td></tr>
<tr><td><code>title:caliphate</code></td><td>the word in the title (also <code>author:</code>, <code>source:</code>)</td></tr>
<tr><td><code>terror*</code>, <code>wom?n</code></td><td>wildcards: any ending, any one letter</td></tr>
<tr><td><code>terorism~</code></td><td>similar spellings (fuzzy)</td></tr>
<tr><td><code>date:2016</code>, <code>date:2016-11</code></td><td>articles of a year or month</td></tr>
<tr><td><code>date:[2015 to 2016]</code></td><td>a range of dates</td></tr>
<tr><td><code>lang:ru</code>, <code>lang:Arabic</code></td><td>articles in a language</td></tr>
<tr><td><code>folder:briefs</code></td><td>articles in a folder (or below it)</td></tr>
<tr><td><code>path:*.pdf</code></td><td>articles by file name or path</td></tr>
</table>
<p>The scope menu beside the field searches <b>Articles</b>, your <b>Notes</b>
(passages, note text and tags; <code>tag:</code>, <code>color:</code>, <code>status:</code>) or <b>Both</b>.
The chips under the result count narrow the results to a source or a year.</p>
"""


class QueryHelpDialog(QDialog):
    """The query language on one page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Query Language")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(QUERY_HELP)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(560, 520)


class AboutDialog(QDialog):
    """Version, licence, and the promise that nothing leaves the machine."""

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Reader")
        logo = QLabel(self)
        logo.setPixmap(icon.pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QLabel(self)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setText(
            f"<h2>Reader {__version__}</h2>"
            "<p>An offline reading desk for analysts: search a folder of articles, "
            "read them with every hit highlighted, and keep highlights and notes "
            "you can export for your report.</p>"
            "<p><b>Works offline.</b> Nothing you read, search or write ever leaves this computer.</p>"
            "<p>Licence: MIT.</p>"
            f"<p style='color:gray'>Python {platform.python_version()} · Qt {qVersion()} · "
            f"PySide6 {PYSIDE_VERSION}</p>")
        self.text = text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(logo)
        row.addWidget(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
