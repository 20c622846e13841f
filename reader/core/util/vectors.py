"""NumPy, as the core loads it: arithmetic on arrays, never linear algebra.

NumPy's OpenBLAS starts a pool of threads as it is loaded, one per core.
The core does no linear algebra, and a process with those threads could no
longer fork the index update's worker processes (``index.pool.start_method``
forks only a single-threaded process, and a spawned worker imports
everything again: a third of a second more for each update).  So every core
module imports NumPy from here, which asks OpenBLAS for a single thread
(unless the environment says otherwise) before NumPy is first loaded.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the setting above)

__all__ = ["np"]
