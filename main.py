"""Entry point: `python main.py` opens the reader, `python main.py COMMAND ...` is the CLI.

It is also the app bundle's entry point (packaging/reader.spec).
"""
import multiprocessing

from reader.app import main

if __name__ == "__main__":
    # The indexer's worker processes are spawned; in the app bundle they start
    # as this program again, and freeze_support() makes them workers at once.
    multiprocessing.freeze_support()
    raise SystemExit(main())
