"""Finding the compiled extensions, which are optional.

The loops that run over every character or token are compiled when the package is installed
(Cython; ``setup.py`` lists them) and have plain-Python twins; the modules that use them ask
here whether the compiled one is present. ``TALENTFLOW_PURE_PYTHON=1`` makes every answer no,
for comparing the two or for debugging a rule in Python.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

PURE_PYTHON_VARIABLE = "TALENTFLOW_PURE_PYTHON"


def compiled_module(name: str) -> ModuleType | None:
    """The compiled extension ``name``, or None when it was not built or pure Python is asked for."""
    if os.environ.get(PURE_PYTHON_VARIABLE):
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
