"""``python -m reader``: the window, or the command line (``python -m reader COMMAND ...``).

``reader-cli open`` starts the window this way when Reader is not a frozen bundle.
"""
import multiprocessing

from reader.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
