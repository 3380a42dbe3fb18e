"""The resource limits of every reader, importer and command, in one place.

A limit protects the machine from an input that would otherwise take unbounded time or memory
(a zip bomb, a table of millions of rows, a projection a million years ahead). Each is an
environment variable with a default sized well above any real document or statistics table;
raise it for a legitimate bigger input (``TALENTFLOW_MAX_UNCOMPRESSED=4G talentflow code …``).
docs/limits.md lists them with what each refuses.
"""

from __future__ import annotations

import os
import re

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _env_int(name: str, default: int) -> int:
    """``$name`` as an integer (``K``, ``M``, ``G`` suffixes allowed), else ``default``."""
    raw = os.environ.get(name, "").strip().upper()
    m = re.fullmatch(r"(\d+)\s*([KMG]?)B?", raw)
    if not m:
        return default
    return int(m.group(1)) * _UNITS[m.group(2)]


def max_uncompressed() -> int:
    """Bytes a .docx or .xlsx may hold once unpacked (all members together)."""
    return _env_int("TALENTFLOW_MAX_UNCOMPRESSED", 512 << 20)


def max_zip_ratio() -> int:
    """The largest compression ratio of a .docx or .xlsx member (a zip bomb compresses ~1000:1)."""
    return _env_int("TALENTFLOW_MAX_ZIP_RATIO", 200)


def max_html_depth() -> int:
    """How deeply HTML elements may nest (real pages: under 100; a bomb: hundreds of thousands)."""
    return _env_int("TALENTFLOW_MAX_HTML_DEPTH", 1000)


def max_rows() -> int:
    """Data rows one imported file may have."""
    return _env_int("TALENTFLOW_MAX_ROWS", 2_000_000)


def max_cell() -> int:
    """Characters one CSV cell may hold."""
    return _env_int("TALENTFLOW_MAX_CELL", 128 << 10)


def max_horizon() -> int:
    """Years ``talentflow project`` may look ahead."""
    return _env_int("TALENTFLOW_MAX_HORIZON", 50)


#: ``talentflow code --workers``: more processes than this only adds overhead.
MAX_WORKERS = 256
#: Years accepted in imported figures (the statistics of intellectual migration start in the 19th century).
MIN_YEAR, MAX_YEAR = 1800, 2100
#: The longest adilet document id (real ones are 11 to 12 characters).
MAX_ID_LENGTH = 64
