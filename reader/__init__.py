"""Reader: an offline reading desk for analysts."""

__version__ = "0.1.0"
