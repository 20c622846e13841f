"""Entry point: `python main.py` opens the reader, `python main.py COMMAND ...` is the CLI."""
from reader.app import main

if __name__ == "__main__":
    raise SystemExit(main())
