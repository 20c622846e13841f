"""Reader's desktop interface (PySide6).  Every Qt import of the project is below here."""
