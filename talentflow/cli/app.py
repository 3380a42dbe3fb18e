"""The Typer application object shared by the command modules (one module per pipeline area).

Its command group is where the last line of the error contract is kept: whatever a command did
not turn into a message itself ends as one line on stderr and a non-zero exit, never a traceback
(``TALENTFLOW_DEBUG=1`` shows the traceback of an unexpected error, for a bug report).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from talentflow.io.output import OutputError, describe_os_error

#: Exit status of an output that cannot be written (a usage error: choose another --out).
EXIT_OUTPUT = 2
#: Exit status of an unexpected error (a bug in talentflow): EX_SOFTWARE of sysexits.h.
EXIT_BUG = 70


def _say(message: str) -> None:
    # surrogates (a file name that is not UTF-8) are shown escaped rather than crash the message
    typer.echo(f"error: {message}".encode("utf-8", "backslashreplace").decode("utf-8"), err=True)


class ErrorContractGroup(TyperGroup):
    """Every command of ``talentflow`` runs inside :meth:`invoke`; errors that reach it become one line."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except OutputError as exc:
            message, code = str(exc), EXIT_OUTPUT
        except OSError as exc:
            if os.environ.get("TALENTFLOW_DEBUG"):
                raise
            message = describe_os_error(exc, exc.filename) if exc.filename else f"{exc.strerror or exc}"
            code = EXIT_OUTPUT
        except Exception as exc:
            if os.environ.get("TALENTFLOW_DEBUG"):
                raise
            first = (str(exc).splitlines() or [""])[0][:300]
            message = (f"unexpected {type(exc).__name__}: {first} (a bug in talentflow: please report it "
                       f"with the command; TALENTFLOW_DEBUG=1 shows the traceback)")
            code = EXIT_BUG
        _collect_quietly()
        _say(message)
        raise typer.Exit(code)


def _collect_quietly() -> None:
    """Close what a failed writer left open (openpyxl's zip after a full disk) now, silently,
    rather than at exit with an "Exception ignored" trace on stderr."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook

app = typer.Typer(
    name="talentflow",
    cls=ErrorContractGroup,
    help="Observatory for intellectual migration: code policy documents, keep migration figures "
    "with their sources, and build the observatory report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

#: The help of ``--force`` on every command that writes files.
FORCE_HELP = "Replace existing output files that talentflow did not write (never a device or a folder)."
