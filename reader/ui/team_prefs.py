"""Preferences ▸ Team library: which PostgreSQL database this desktop shares notes through.

The address is libpq's (``postgresql://you@server/team?sslmode=verify-full``)
and is kept in the settings file; the password is not asked here: libpq finds
it in ``~/.pgpass`` or ``PGPASSWORD``, or the window asks once per session.
Connect applies the address at once and syncs; the line under it follows the
status bar (synced, offline and why, or changes waiting).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .team_link import TeamLink


class TeamPreferences(QWidget):
    """The Team library row of the Preferences dialog."""

    def __init__(self, team: TeamLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._team = team
        self.url_edit = QLineEdit(team.url, self)
        self.url_edit.setPlaceholderText("postgresql://you@server/team?sslmode=verify-full")
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.setToolTip("The team's PostgreSQL database, as psql takes it. Leave it "
                                 "empty to work without a team library.")
        self.url_edit.returnPressed.connect(self.apply)
        self.url_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 48)
        self.connect_button = QPushButton("&Connect", self)
        self.connect_button.clicked.connect(self.apply)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("teamPrefsStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("Passwords come from ~/.pgpass or PGPASSWORD, or are asked for when "
                      "needed; Reader never saves them.", self)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # (dim: an aside)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(hint)
        self.url_edit.textChanged.connect(self._edited)
        team.statusChanged.connect(self._show_status)
        self._edited(self.url_edit.text())
        team.refresh()

    def apply(self) -> None:
        """Use the address typed (none, when it is empty), and sync."""
        self._team.connect_to(self.url_edit.text())
        self._edited(self.url_edit.text())

    def _edited(self, text: str) -> None:
        same = text.strip() == self._team.url
        self.connect_button.setText("&Sync Now" if same and text.strip() else
                                    "&Disconnect" if not text.strip() and self._team.url
                                    else "&Connect")
        self.connect_button.setEnabled(bool(text.strip() or self._team.url))

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text if self._team.url else "Not connected to a team library.")
