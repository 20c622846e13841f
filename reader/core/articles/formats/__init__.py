"""One module per article format, each imported by ``registry`` on first use.

A format module has ``SUFFIXES`` (the file suffixes it reads, lower case) and
``parse(path, data) -> Parsed``; it may have ``warm_up()`` to load, ahead of
time, what its first parse would otherwise load.
"""
