"""The team library's notes as this desktop sees them: plain values for the window and CLI."""
from __future__ import annotations

from dataclasses import dataclass, field

from .changes import Changes, ImportConflict

#: The environment variable that names the team database when --team does not.
TEAM_ENV = "READER_TEAM"
#: What the status bar says of the team library.
SYNCED, OFFLINE, WAITING, NO_TEAM = "synced", "offline", "waiting", "no team"


@dataclass(frozen=True)
class TeamEntry:
    """A note's place in the team library, as this desktop's copy knows it."""

    note_id: str
    #: The PostgreSQL role that wrote it; "" for a note made here before its first sync.
    author: str
    shared: bool
    #: The server's revision this copy last agreed with; 0 if never sent.
    revision: int
    #: Changed here since (waiting to be sent).
    pending: bool
    #: Written on this desktop's role (or here, not sent yet): its own to change.
    mine: bool = True

    def describe(self) -> str:
        """"Team · private", "Shared · waiting to be sent", "Shared by alice"."""
        if not self.mine:
            return f"Shared by {self.author}"
        words = "Shared" if self.shared else "Team · private"
        return f"{words} · waiting to be sent" if self.pending else words


@dataclass(frozen=True)
class TeamStatus:
    """Where the local copy of the team's notes stands."""

    state: str  # SYNCED, OFFLINE, WAITING or NO_TEAM
    waiting: int = 0  # changes made here, not yet on the server
    last_synced: str = ""  # ISO 8601 UTC of the last sync that reached the server
    message: str = ""  # why the last attempt failed, as a sentence

    def describe(self) -> str:
        """One line for the status bar and ``team status``."""
        waiting = f"{self.waiting} change{'' if self.waiting == 1 else 's'} waiting"
        if self.state == NO_TEAM:
            return "No team library"
        if self.state == OFFLINE:
            return f"Team: offline, {waiting}" if self.waiting else "Team: offline"
        if self.state == WAITING:
            return f"Team: {waiting}"
        return "Team: synced"


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: notes sent and received, and where the same note was
    changed on two desktops (the newer edit kept, the other in its history)."""

    sent: int = 0
    received: int = 0
    removed: int = 0  # deleted elsewhere, so moved to the Trash here
    conflicts: tuple[ImportConflict, ...] = ()
    changes: Changes = field(default_factory=Changes)

    def describe(self) -> str:
        parts = [f"{self.sent} sent", f"{self.received} received"]
        if self.removed:
            parts.append(f"{self.removed} deleted elsewhere (in the Trash)")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} changed on two desktops (the newer kept, "
                         "the other in the note's versions)")
        return ", ".join(parts)
