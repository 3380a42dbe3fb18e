"""Zip bombs: a .docx or .xlsx is a zip, and its size on disk says nothing of its size unpacked.

A 3 MB file can declare (or, worse, hide behind a false declaration) gigabytes of XML that
python-docx and openpyxl would unpack into memory. :func:`check_zip` reads only the central
directory and refuses, before any member is decompressed, a file whose members together would
unpack beyond :func:`~talentflow.limits.max_uncompressed` or any member compressed more than
:func:`~talentflow.limits.max_zip_ratio` to one. A declared size can lie, so :func:`read_member`
also stops a member that inflates past what it declared.
"""

from __future__ import annotations

import os
import zipfile

from talentflow.limits import max_uncompressed, max_zip_ratio

#: Members smaller than this are never refused for their ratio (a run of blanks compresses well).
_SMALL = 1 << 20
#: More entries than any real document or workbook has.
_MAX_MEMBERS = 100_000


class ZipLimitError(ValueError):
    """The archive would unpack beyond a limit; the message names the limit and how to raise it."""


def check_zip(path: str | os.PathLike[str]) -> None:
    """Refuse a zip container that would unpack beyond the limits (reads the directory only)."""
    limit, ratio = max_uncompressed(), max_zip_ratio()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        return  # the reader reports a damaged file in its own words
    if len(infos) > _MAX_MEMBERS:
        raise ZipLimitError(f"{len(infos):,} members in the archive (more than {_MAX_MEMBERS:,}): not a document")
    total = 0
    for info in infos:
        total += info.file_size
        if total > limit:
            raise ZipLimitError(
                f"unpacks to more than {limit / 2**20:,.0f} MiB (a zip bomb?); raise the limit with "
                "TALENTFLOW_MAX_UNCOMPRESSED if the file is genuine")
        if info.file_size > _SMALL and info.file_size > ratio * max(info.compress_size, 1):
            raise ZipLimitError(
                f"member {info.filename!r} is compressed {info.file_size // max(info.compress_size, 1):,} to 1 "
                f"(limit {ratio}); a zip bomb? raise the limit with TALENTFLOW_MAX_ZIP_RATIO if the file is genuine")


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, stopping at the declared size plus one block (a lying header)."""
    info = zf.getinfo(name)
    cap = min(info.file_size, max_uncompressed())
    with zf.open(info) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ZipLimitError(f"member {name!r} inflates beyond its declared size: a damaged or hostile file")
    return data

