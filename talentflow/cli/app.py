"""The Typer application object shared by the command modules (one module per pipeline area)."""

import typer

app = typer.Typer(
    name="talentflow",
    help="Observatory for intellectual migration: code policy documents, keep migration figures "
    "with their sources, and build the observatory report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
