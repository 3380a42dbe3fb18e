"""The output contract of every command that writes files (docs/limits.md, "Outputs").

An existing file needs --force; re-running into the command's own folder works; a device, a
pipe or a folder is never replaced; an unwritable folder or a full disk ends with one line that
names the path, a non-zero exit and nothing half-written.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.conftest import invoke

FOREIGN = "a file the user wrote\n"


class Ctx:
    def __init__(self, docs: Path, store: Path, register: str | None) -> None:
        self.docs, self.store, self.register = docs, store, register


#: command → (arguments with OUT for the folder, a file it writes there)
FOLDER_COMMANDS = {
    "code": (lambda c: ["code", c.docs, "--format", "json", "--out", "OUT"], "matrix.csv"),
    "matrix": (lambda c: ["matrix", c.docs, "--out", "OUT"], "matrix.csv"),
    "chart": (lambda c: ["chart", "migration_flows", "--store", c.store, "--format", "svg", "--out", "OUT"],
              "migration_flows.en.svg"),
    "fetch": (lambda c: ["fetch", "adilet", "P2200000961", "--base-url", c.register, "--id", "synthetic_act",
                         "--out", "OUT"], "synthetic_act.ru.md"),
    "report": (lambda c: ["report", "--corpus", c.docs, "--data", c.store, "--format", "html", "--out", "OUT"],
               "report.html"),
}
#: command → (arguments with OUT for the file, suffix of the file)
FILE_COMMANDS = {
    "store export csv": (lambda c: ["store", "export", "--store", c.store, "--out", "OUT"], ".csv"),
    "store export xlsx": (lambda c: ["store", "export", "--store", c.store, "--format", "xlsx", "--out", "OUT"],
                          ".xlsx"),
    "export-qda": (lambda c: ["export-qda", c.docs, "--out", "OUT"], ".qdpx"),
}
#: the cheap ones, for the cases that need a full run
CHEAP_FOLDER = ["code", "matrix", "chart", "fetch"]


@pytest.fixture
def ctx(docs: Path, store: Path, request: pytest.FixtureRequest) -> Ctx:
    register = request.getfixturevalue("register") if "fetch" in request.node.name else None
    return Ctx(docs, store, register)


def _args(template, ctx: Ctx, out: Path) -> list[str]:
    return [str(out) if a == "OUT" else str(a) for a in template(ctx)]


def _one_clean_line(result) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "error" in line.lower()]
    assert errors, result.output


# --- folders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FOLDER_COMMANDS))
def test_foreign_file_in_output_folder_needs_force(name, ctx, tmp_path):
    template, written = FOLDER_COMMANDS[name]
    out = tmp_path / "out"
    out.mkdir()
    (out / written).write_text(FOREIGN, encoding="utf-8")
    result = invoke(*_args(template, ctx, out))
    _one_clean_line(result)
    assert "--force" in result.output and written in result.output
    assert (out / written).read_text(encoding="utf-8") == FOREIGN
    assert sorted(p.name for p in out.iterdir()) == [written]  # nothing else half-written


@pytest.mark.parametrize("name", CHEAP_FOLDER)
def test_rerun_into_own_folder_then_force_over_a_foreign_file(name, ctx, tmp_path):
    template, written = FOLDER_COMMANDS[name]
    out = tmp_path / "out"
    first = invoke(*_args(template, ctx, out))
    assert first.exit_code == 0, first.output
    again = invoke(*_args(template, ctx, out))
    assert again.exit_code == 0, again.output
    other = tmp_path / "other"
    other.mkdir()
    (other / written).write_text(FOREIGN, encoding="utf-8")
    forced = invoke(*_args(template, ctx, other), "--force")
    assert forced.exit_code == 0, forced.output
    assert (other / written).read_text(encoding="utf-8") != FOREIGN


@pytest.mark.parametrize("name", list(FOLDER_COMMANDS))
def test_folder_out_that_is_a_file_or_a_device(name, ctx, tmp_path):
    template, _ = FOLDER_COMMANDS[name]
    plain = tmp_path / "plain.txt"
    plain.write_text(FOREIGN, encoding="utf-8")
    for target in (plain, Path("/dev/null")):
        if not target.exists():
            continue
        before = os.stat(target).st_mode
        result = invoke(*_args(template, ctx, target), "--force")
        _one_clean_line(result)
        assert "not a folder" in result.output
        assert os.stat(target).st_mode == before
    assert plain.read_text(encoding="utf-8") == FOREIGN


@pytest.mark.parametrize("name", CHEAP_FOLDER)
def test_unwritable_folder_is_one_line(name, ctx, tmp_path, monkeypatch):
    template, _ = FOLDER_COMMANDS[name]
    import talentflow.io.atomic as atomic

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)  # as a read-only folder would (root too)
    out = tmp_path / "out"
    result = invoke(*_args(template, ctx, out))
    _one_clean_line(result)
    assert "not writable" in result.output and str(out) in result.output
    assert [p for p in out.iterdir() if not p.name.startswith(".")] == [] if out.exists() else True


# --- single files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FILE_COMMANDS))
def test_existing_file_needs_force(name, ctx, tmp_path):
    template, suffix = FILE_COMMANDS[name]
    out = tmp_path / f"export{suffix}"
    out.write_text(FOREIGN, encoding="utf-8")
    result = invoke(*_args(template, ctx, out))
    _one_clean_line(result)
    assert "--force" in result.output
    assert out.read_text(encoding="utf-8") == FOREIGN
    forced = invoke(*_args(template, ctx, out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes() != FOREIGN.encode()


@pytest.mark.parametrize("name", list(FILE_COMMANDS))
def test_device_pipe_or_folder_is_never_replaced(name, ctx, tmp_path):
    template, _ = FILE_COMMANDS[name]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    targets = [fifo, folder] + [Path(d) for d in ("/dev/full", "/dev/null") if Path(d).exists()]
    for target in targets:
        before = os.stat(target).st_mode
        result = invoke(*_args(template, ctx, target), "--force")
        _one_clean_line(result)
        assert str(target) in result.output
        assert os.stat(target).st_mode == before, f"{target} was replaced"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir() and not any(folder.iterdir())


@pytest.mark.parametrize("name", list(FILE_COMMANDS))
def test_unwritable_file_target_is_one_line(name, ctx, tmp_path, monkeypatch):
    template, suffix = FILE_COMMANDS[name]
    import talentflow.io.atomic as atomic

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    out = tmp_path / f"export{suffix}"
    result = invoke(*_args(template, ctx, out))
    _one_clean_line(result)
    assert "not writable" in result.output
    assert not out.exists()


# --- a full disk, for real: the file size limit of the process ---------------------------------

FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
from talentflow.cli import main
sys.argv = ["talentflow"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("name", ["store export xlsx", "export-qda", "matrix"])
def test_full_disk_is_one_line_and_nothing_half_written(name, ctx, tmp_path):
    if name in FILE_COMMANDS:
        template, suffix = FILE_COMMANDS[name]
        out = tmp_path / f"export{suffix}"
        folder = tmp_path
    else:
        template, _ = FOLDER_COMMANDS[name]
        out = folder = tmp_path / "out"
        out.mkdir()
    before = {p.name for p in folder.iterdir()}
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, *_args(template, ctx, out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    # (store export may already fail opening its store: SQLite's WAL index does not fit either)
    assert any(m in proc.stderr for m in ("larger than this system allows", "disk is full", "disk I/O error")), \
        proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    left = {p.name for p in folder.iterdir()} - before
    assert not [n for n in left if n.endswith(".part")]
    if name in FILE_COMMANDS:
        assert not out.exists()
    else:
        assert not [n for n in left if n.startswith("matrix")]
