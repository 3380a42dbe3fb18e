"""Commands of the web area: ``talentflow serve`` and ``talentflow users add``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from talentflow.cli.app import app

users_app = typer.Typer(help="Users of the web application.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    store: str | None = typer.Option(None, "--store", help="Store: SQLite file or database URL. Default: the embedded store built from the shipped data."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (several need a shared store, e.g. PostgreSQL)."),
    reports: Path = typer.Option(Path("out/report"), "--reports", help="Folder of built report files offered on /reports."),
    proxy: bool = typer.Option(False, "--behind-proxy", help="Trust X-Forwarded-* from the reverse proxy on this machine (https, client address)."),
) -> None:
    """Serve the observatory web application (public pages, JSON/CSV twins, sign-in)."""
    import os

    import uvicorn

    from talentflow.stats.store import open_store
    from talentflow.web.accounts import Accounts

    # migrate (and load the shipped package into the embedded store) once, here, before the
    # workers start, so they never race to create the same tables
    with open_store(store):
        pass
    Accounts(store).secret()
    os.environ["TALENTFLOW_WEB_STORE"] = store or ""
    os.environ["TALENTFLOW_WEB_REPORTS"] = str(reports)
    typer.echo(f"talentflow: serving on http://{host}:{port}/ (store: {store or 'embedded default'})", err=True)
    uvicorn.run("talentflow.web.serve:app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=proxy, forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1") if proxy else None, log_level="info")


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name (a-z, 0-9, _ . - @)."),
    role: str = typer.Option(..., "--role", help="viewer, analyst, operator, admin, expert (diaspora) or institution (diaspora)."),
    programme: str | None = typer.Option(None, "--programme", help="For an operator: the one programme they may see."),
    store: str | None = typer.Option(None, "--store", help="Store: SQLite file or database URL (default: the embedded store)."),
) -> None:
    """Add a user. The password is read from a prompt (twice), or from standard input when it is not a terminal."""
    from talentflow.web.accounts import AccountError, Accounts

    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    accounts = Accounts(store)
    try:
        user = accounts.add_user(name, role, password, programme)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    accounts.record("user.add", target=f"{user.name} ({user.role})", detail="talentflow users add")
    typer.echo(f"added {user.name} ({user.role}{', ' + user.programme if user.programme else ''})")


@users_app.command("list")
def users_list(store: str | None = typer.Option(None, "--store", help="Store: SQLite file or database URL.")) -> None:
    """List users and their roles."""
    from talentflow.web.accounts import Accounts

    for u in Accounts(store).users():
        typer.echo(f"{u.name}\t{u.role}\t{u.programme or ''}")


@app.command("worker")
def worker(
    store: str | None = typer.Option(None, "--store", help="Store: SQLite file or database URL (default: the embedded store)."),
    once: bool = typer.Option(False, "--once", help="Run the queued jobs, then exit."),
    reports: Path = typer.Option(Path("out/report"), "--reports", help="Folder the report builds write into (the one /reports offers)."),
) -> None:
    """Run the web application's background jobs (coding uploads, statistics imports, report builds,
    adilet fetches) from the store's job table.
    ``talentflow serve`` runs them itself; a separate worker suits several web workers on PostgreSQL."""
    from talentflow import db
    from talentflow.web.jobs import Jobs, Worker
    from talentflow.web.observatory import code_files
    from talentflow.web.tasks import Tasks

    w = Worker(Jobs(db.connect(store)), code_files, tasks=Tasks(store, reports, code=code_files))
    if once:
        n = 0
        while w.run_once():
            n += 1
        typer.echo(f"ran {n} job(s)")
        return
    typer.echo("talentflow worker: waiting for jobs (Ctrl+C stops)", err=True)
    try:
        w.run()
    except KeyboardInterrupt:
        w.stop()
