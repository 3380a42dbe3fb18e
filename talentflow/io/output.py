"""The output contract every command shares: where it may write, and what it may replace.

A command writes either one file (``store export --out f.xlsx``, ``export-qda --out p.qdpx``) or
into one folder (``code``, ``matrix``, ``chart``, ``fetch``, ``report``). Four rules hold for
all of them, so that a mistyped ``--out`` can never destroy something:

- a file that exists and was not written by talentflow is replaced only with ``--force``;
- re-running a command into its own output folder works: the folder remembers the files
  talentflow wrote there (``.talentflow-outputs``), and those are replaced without asking;
- a target that is not a regular file — a device such as ``/dev/full``, a pipe, a folder — is
  never replaced, ``--force`` or not (the atomic rename would put a plain file in its place);
- a folder that cannot be created or written, a full disk or any other write failure ends with
  :class:`OutputError`, whose message names the path and what to do; nothing is half-written
  (see :mod:`talentflow.io.atomic`).

The rules are checked by :func:`talentflow.io.atomic.atomic_path` for every file written while
an :func:`output_folder` or :func:`output_file` block is active, so a writer deep in a package
needs no ``force`` argument: the command opens the block, the writers stay as they are.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: The file in an output folder that lists what talentflow wrote there (one name per line).
MARKER = ".talentflow-outputs"
FORCE_HINT = "add --force to replace it, or choose another --out"


class OutputError(OSError):
    """An output cannot be written where it was asked for; the message says where and what to do."""


@dataclass
class _Guard:
    root: Path
    force: bool
    allowed: set[Path]  # files that may be replaced without --force
    folder: bool
    written: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)  # new files, removed again if the block fails


_GUARD: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar("talentflow_output_guard", default=None)


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """One sentence for a failed write: what went wrong at ``path`` and what to do about it."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"{path}: the disk is full (or over quota); free some space or choose another --out"
    if code == errno.EFBIG:
        return f"{path}: the file is larger than this system allows; choose another --out"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: not writable (permission denied or a read-only file system); choose another --out"
    if code == errno.EISDIR:
        return f"{path}: is a folder; give a file name for --out"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"{path}: a file stands where a folder is needed; choose another --out"
    if code == errno.ENAMETOOLONG:
        return f"{path}: the name is too long for this file system; choose a shorter --out"
    reason = exc.strerror or exc.__class__.__name__
    return f"{path}: cannot write ({reason}); choose another --out"


def _is_regular_or_absent(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return True  # a dangling link or unreadable entry: the write itself will say why
    return stat.S_ISREG(mode)


def check_target(target: Path) -> None:
    """Refuse to replace ``target`` when the rules above forbid it (called before any byte is written)."""
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name for --out")
    if not _is_regular_or_absent(target):
        raise OutputError(f"{target}: not a regular file (a device, pipe or socket); talentflow never "
                          f"replaces one, --force or not; choose another --out")
    guard = _GUARD.get()
    if guard is None or guard.force or not target.exists():
        return
    resolved = target.resolve()
    if resolved in guard.allowed:
        return
    raise OutputError(f"{target}: exists and was not written by this command; {FORCE_HINT}")


def record_written(target: Path, created: bool = False) -> None:
    """Remember that ``target`` was written, so a re-run into the same folder may replace it
    (and, when it is new, so that a failing command can take it back)."""
    guard = _GUARD.get()
    if guard is not None:
        guard.written.append(target.resolve())
        if created:
            guard.created.append(target)


def _take_back(guard: _Guard) -> None:
    """Remove the files a failed block created: a half set of outputs must not look complete."""
    for path in guard.created:
        with contextlib.suppress(OSError):
            path.unlink()


def _read_marker(folder: Path) -> set[Path]:
    try:
        names = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    out = set()
    for name in names:
        # only names inside the folder: a marker cannot grant a path outside it
        if name and not name.startswith(("/", "\\")) and ".." not in Path(name).parts:
            out.add((folder / name).resolve())
    return out


def _write_marker(folder: Path, names: Iterable[Path]) -> None:
    root = folder.resolve()
    rel = sorted({str(p.relative_to(root)) for p in names if p.is_relative_to(root)})
    if not rel:
        return
    with contextlib.suppress(OSError):
        (folder / MARKER).write_text("\n".join(rel) + "\n", encoding="utf-8")


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder; give a folder for --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(describe_os_error(exc, folder)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: the folder is not writable; choose another --out")


@contextlib.contextmanager
def output_folder(folder: str | os.PathLike[str], force: bool = False,
                  updates: Iterable[str] = ()) -> Iterator[Path]:
    """The block of a command that writes into ``folder``.

    ``updates`` names files the command is meant to update in place (``fetch`` adds its row to
    an existing ``manifest.csv``); every other existing file needs ``force`` unless an earlier
    run of talentflow wrote it.
    """
    folder = Path(folder)
    _prepare_folder(folder)
    allowed = _read_marker(folder) | {(folder / u).resolve() for u in updates}
    guard = _Guard(root=folder.resolve(), force=force, allowed=allowed, folder=True)
    token = _GUARD.set(guard)
    try:
        yield folder
    except BaseException:
        _take_back(guard)
        guard.written = [p for p in guard.written if p.exists()]
        raise
    finally:
        _GUARD.reset(token)
        if guard.written:
            _write_marker(folder, [*(p for p in allowed if p.exists()), *guard.written])


@contextlib.contextmanager
def output_file(path: str | os.PathLike[str], force: bool = False,
                beside: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Path]:
    """The block of a command that writes the file ``path`` (and the files ``beside`` it, such
    as the .qdc next to a .qdpx). Checked before the command does any work."""
    path = Path(path)
    targets = [path, *map(Path, beside)]
    for target in targets:
        check_target(target)
        if target.exists() and not force:
            raise OutputError(f"{target}: exists; {FORCE_HINT}")
        parent = target.parent
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{parent}: is a file, not a folder; choose another --out")
        if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"{parent}: the folder is not writable; choose another --out")
    guard = _Guard(root=path.parent.resolve(), force=True, allowed={t.resolve() for t in targets}, folder=False)
    token = _GUARD.set(guard)
    try:
        yield path
    except BaseException:
        _take_back(guard)
        raise
    finally:
        _GUARD.reset(token)
