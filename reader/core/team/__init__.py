"""The team library: shared articles and notes on a PostgreSQL server the team runs.

``connection`` opens a session (libpq's own password sources, TLS as the
URL asks, every failure a sentence); ``migrations`` creates or upgrades the
team schema, step by numbered step; ``members`` adds the PostgreSQL roles
that may use it; ``corpus`` stores a folder's articles once; ``search`` runs
the local query language on the server.  The server enforces who sees and
edits what (row-level security, see ``migrations``), whatever client
connects.  The window and the command line reach this package through the
library facade (``access``).
"""
