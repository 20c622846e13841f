"""Small helpers the core shares, each in a module of its own (atomic: safe file writes; locks: between processes)."""
