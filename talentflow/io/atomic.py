"""Atomic file output: a reader never sees a half-written CSV, XLSX or report as if complete.

The bytes go to a temporary file beside the target, renamed onto it only when the writer
finished. Before the first byte, :func:`talentflow.io.output.check_target` refuses a target that
must not be replaced (a device, a folder, a file the user did not ask to overwrite); a failed
write (full disk, read-only folder) becomes an :class:`~talentflow.io.output.OutputError` naming
the target, and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from talentflow.io.output import OutputError, check_target, describe_os_error, record_written

_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only if the block succeeds."""
    target = Path(target)
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(describe_os_error(exc, target.parent if not target.parent.is_dir() else target)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp creates 0600 files; outputs are shared documents, so give them the usual mode.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)
    try:
        try:
            yield tmp_path
            check_target(target)  # still not a device or folder (it may have appeared meanwhile)
            created = not target.exists()
            os.replace(tmp_path, target)
        except OutputError:
            raise
        except OSError as exc:
            # a write to the temporary file or the rename failed: name the target, not the .part
            if exc.filename in (None, str(tmp_path), str(target)) or exc.errno in _WRITE_ERRNOS:
                raise OutputError(describe_os_error(exc, target)) from None
            raise
        record_written(target, created)
    finally:
        if tmp_path.exists():
            with contextlib.suppress(OSError):
                tmp_path.unlink()


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(target)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
