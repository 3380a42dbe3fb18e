"""Commands of the diaspora area: ``talentflow diaspora import-orcid / match / erase / export /
consent / request / shortlist / invite / respond / close / report / indicators / evaluate / pool``.

Thin: each command parses options and calls :mod:`talentflow.diaspora`. A refused action (bad
record, unknown iD, missing consent) is one line on stderr and exit 1; a store that cannot be
opened is one line and exit 2. Nothing prints contact details: the directory never holds any.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Column, Table

from talentflow.cli.app import app
from talentflow.cli.stats import store_errors
from talentflow.io.atomic import atomic_path

STORE_HELP = ("Store path or database URL (default: $TALENTFLOW_STORE, else the embedded store in the "
              "user's cache).")

diaspora_app = typer.Typer(help="Diaspora engagement: opt-in expert directory, requests matched across "
                                "ru/kk/en, engagements.", no_args_is_help=True)
app.add_typer(diaspora_app, name="diaspora")


class Lang(StrEnum):
    ru = "ru"
    kk = "kk"
    en = "en"


class Fmt(StrEnum):
    table = "table"
    json = "json"


@contextmanager
def directory(store: str | None) -> Iterator:
    """The directory for a command: refusals one line + exit 1, store problems one line + exit 2."""
    from talentflow.diaspora import DiasporaError, OrcidError, open_directory

    with store_errors():
        d = open_directory(store)
    try:
        with store_errors():
            yield d
    except (DiasporaError, OrcidError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        d.close()


def _purposes(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


@diaspora_app.command("import-orcid")
def import_orcid(
    files: list[Path] = typer.Argument(None, help="ORCID record JSON files (API v3.0)."),
    orcid_id: list[str] = typer.Option(None, "--id", help="Fetch the public record of this ORCID iD from "
                                       "pub.orcid.org (repeatable; needs the network)."),
    consent: str = typer.Option(..., "--consent", help="Purposes the person consented to: listing,contact,statistics."),
    field: list[str] = typer.Option(None, "--field", help="Field, e.g. ford:1.2 or grnti:27 (repeatable)."),
    kind: list[str] = typer.Option(None, "--kind", help="Engagement kind offered (repeatable)."),
    language: list[str] = typer.Option(None, "--language", help="Working language, e.g. ru (repeatable)."),
    consent_until: str | None = typer.Option(None, "--consent-until", help="End of the consent (YYYY-MM-DD); "
                                             "default: until withdrawn."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds to wait for pub.orcid.org (with --id)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Import public ORCID records (files, or by iD) with the person's consent; all or none; again changes nothing."""
    from talentflow.diaspora import OrcidError
    from talentflow.diaspora.orcid import SOURCE, read_record
    from talentflow.diaspora.orcid_fetch import SOURCE as FETCHED
    from talentflow.diaspora.orcid_fetch import check_id, fetch_record
    from talentflow.diaspora.taxonomy import load_taxonomy

    if not files and not orcid_id:
        raise typer.BadParameter("give ORCID record files, or --id 0000-0000-0000-000X")
    tax = load_taxonomy()
    for f in field or []:
        if tax.field(f) is None:
            raise typer.BadParameter(f"--field {f!r}: not in the taxonomy (e.g. ford:1.2, grnti:27)")
    extra = {k: v for k, v in {"fields": field, "kinds": kind, "languages": language}.items() if v}
    until = _day(consent_until, "--consent-until")
    try:
        ids = [check_id(i) for i in orcid_id or []]  # every iD checked before any request is made
        from_files = [read_record(Path(p)) for p in files or []]
        fetched = [fetch_record(i, timeout=timeout) for i in ids]
    except OrcidError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    with directory(store) as d:
        done = d.import_records([*from_files, *fetched], _purposes(consent),
                                [SOURCE] * len(from_files) + [FETCHED] * len(fetched), extra=extra,
                                valid_until=until)
    for orcid, outcome in done:
        typer.echo(f"{orcid}\t{outcome}")


@diaspora_app.command("match")
def match(
    text: str = typer.Argument(..., help="What is needed, in Russian, Kazakh or English."),
    lang: Lang | None = typer.Option(None, "--lang", help="Language of TEXT (detected when absent)."),
    top: int = typer.Option(10, "--top", min=1, help="How many experts."),
    kind: str | None = typer.Option(None, "--kind", help="Only experts offering this engagement kind."),
    country: str | None = typer.Option(None, "--country", help="Only experts in this country (ISO alpha-2)."),
    language: str | None = typer.Option(None, "--language", help="Only experts working in this language."),
    available_on: str | None = typer.Option(None, "--available-on", help="Only experts available on this date."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json"),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Rank listed experts for a request, with the fields and terms in common."""
    from talentflow.diaspora import KINDS, Filters

    if kind and kind not in KINDS:
        raise typer.BadParameter(f"--kind {kind!r}: one of {', '.join(KINDS)}")
    filters = Filters(country=country.upper() if country else None, kind=kind,
                      available_on=_day(available_on, "--available-on"), language=language)
    with directory(store) as d:
        found = d.match(text, lang.value if lang else None, top, filters)
    if fmt is Fmt.json:
        typer.echo(json.dumps({"matches": [m.as_dict() for m in found]}, ensure_ascii=False))
        return
    table = Table("#", "orcid", "score", "why")
    for i, m in enumerate(found, 1):
        table.add_row(str(i), m.orcid, f"{m.score:.2f}", "; ".join(m.why))
    Console().print(table)


@diaspora_app.command("erase")
def erase(
    orcid: str = typer.Argument(..., help="ORCID iD of the person to erase."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Erase a person from the database and the search index (the audit keeps only that it happened)."""
    with directory(store) as d:
        d.erase(orcid, actor="cli")
    typer.echo("erased")


@diaspora_app.command("export")
def export(
    orcid: str = typer.Argument(..., help="ORCID iD."),
    out: Path | None = typer.Option(None, "--out", help="JSON file (default: stdout)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Everything held on a person, as JSON (their right of access)."""
    with directory(store) as d:
        data = json.dumps(d.export(orcid), ensure_ascii=False, indent=1)
    if out is None:
        typer.echo(data)
        return
    with atomic_path(out) as tmp:
        tmp.write_text(data, encoding="utf-8")


@diaspora_app.command("consent")
def consent(
    orcid: str = typer.Argument(..., help="ORCID iD."),
    grant: list[str] = typer.Option(None, "--grant", help="Purpose to grant (repeatable)."),
    withdraw: list[str] = typer.Option(None, "--withdraw", help="Purpose to withdraw (repeatable)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Give or withdraw consent per purpose (listing, contact, statistics); prints the consents in force."""
    with directory(store) as d:
        for p in grant or []:
            d.set_consent(orcid, p, True)
        for p in withdraw or []:
            d.set_consent(orcid, p, False)
        typer.echo(json.dumps(d.consents(orcid)))


@diaspora_app.command("request")
def post_request(
    text: str = typer.Argument(..., help="What is needed."),
    institution: str = typer.Option(..., "--institution", help="The home institution posting it."),
    lang: Lang = typer.Option(..., "--lang", help="Language of TEXT."),
    kind: str = typer.Option(..., "--kind", help="Engagement kind wanted."),
    mode: str = typer.Option("either", "--mode", help="remote, on_site or either."),
    date_from: str | None = typer.Option(None, "--from", help="Wanted from (YYYY-MM-DD)."),
    date_until: str | None = typer.Option(None, "--until", help="Wanted until (YYYY-MM-DD)."),
    funding: str | None = typer.Option(None, "--funding", help="Funding offered."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Post a request from a home institution; prints its id."""
    with directory(store) as d:
        rid = d.post_request(institution, text, lang.value, kind, mode=mode, date_from=_day(date_from, "--from"),
                             date_until=_day(date_until, "--until"), funding=funding)
    typer.echo(rid)


@diaspora_app.command("shortlist")
def shortlist(request_id: int, orcid: str, store: str | None = typer.Option(None, "--store", help=STORE_HELP)) -> None:
    """Shortlist a listed expert for a request; prints the invitation id."""
    with directory(store) as d:
        typer.echo(d.shortlist(request_id, orcid))


@diaspora_app.command("invite")
def invite(invitation_id: int, message: str = typer.Option("", "--message", help="Relayed message."),
           store: str | None = typer.Option(None, "--store", help=STORE_HELP)) -> None:
    """Send a shortlisted expert the invitation (relayed; needs their consent to contact)."""
    with directory(store) as d:
        d.invite(invitation_id, message)
    typer.echo("invited")


@diaspora_app.command("respond")
def respond(
    invitation_id: int,
    accept: bool = typer.Option(..., "--accept/--decline", help="The expert's answer."),
    start: str | None = typer.Option(None, "--start", help="Engagement start (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Engagement end (YYYY-MM-DD)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """The expert's answer; an acceptance becomes an engagement (its id is printed)."""
    with directory(store) as d:
        eid = d.respond(invitation_id, accept, start=_day(start, "--start"), end=_day(end, "--end"))
    typer.echo(eid if eid is not None else "declined")


@diaspora_app.command("close")
def close(engagement_id: int, outcome: str = typer.Option(..., "--outcome", help="completed, cancelled, ongoing"),
          end: str | None = typer.Option(None, "--end", help="End date (YYYY-MM-DD)."),
          store: str | None = typer.Option(None, "--store", help=STORE_HELP)) -> None:
    """Record an engagement's outcome and end."""
    with directory(store) as d:
        d.close_engagement(engagement_id, outcome, _day(end, "--end"))
    typer.echo(outcome)


@diaspora_app.command("report")
def report(engagement_id: int, side: str = typer.Option(..., "--side", help="institution or expert"),
           text: str = typer.Option(..., "--text", help="The short report."),
           rating: int | None = typer.Option(None, "--rating", help="1 to 5."),
           store: str | None = typer.Option(None, "--store", help=STORE_HELP)) -> None:
    """File one side's short report on an engagement."""
    with directory(store) as d:
        d.add_report(engagement_id, side, text, rating)
    typer.echo("filed")


@diaspora_app.command("indicators")
def indicators(
    as_of: str | None = typer.Option(None, "--as-of", help="Reference date (default today)."),
    audience: str = typer.Option("public", "--audience", help="public (small counts withheld) or analyst."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json"),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Engagement indicators for the results framework (small counts withheld for the public)."""
    from talentflow.diaspora import engagement_indicators

    if audience not in ("public", "analyst"):
        raise typer.BadParameter("--audience must be public or analyst")
    with directory(store) as d:
        cells = engagement_indicators(d, as_of=_day(as_of, "--as-of"), audience=audience)
    if fmt is Fmt.json:
        typer.echo(json.dumps(cells, ensure_ascii=False))
        return
    table = Table("group", "value", "numerator", "denominator", "note")
    table.columns.insert(0, Column("indicator", no_wrap=True))
    for c in cells:
        g = ", ".join(f"{k}={v}" for k, v in c["group"].items())
        table.add_row(c["indicator"], g, "—" if c["value"] is None else str(c["value"]),
                      "" if c["numerator"] is None else str(c["numerator"]),
                      "" if c["denominator"] is None else str(c["denominator"]),
                      f"withheld ({c['why']})" if c["suppressed"] else "")
    Console().print(table)


@diaspora_app.command("evaluate")
def evaluate(
    qrels: Path | None = typer.Argument(None, help="Judgements (JSON lines: request_id, orcid, relevance 0-2)."),
    provisional: bool = typer.Option(False, "--provisional", help="Use judgements derived from the generator "
                                     "(development only; NOT the gold)."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json"),
) -> None:
    """nDCG@5 and recall@10 per request language on the synthetic evaluation set, against plain BM25."""
    from talentflow.diaspora.evaluate import evaluate as run
    from talentflow.diaspora.evaluate import load_eval_set, provisional_qrels, read_qrels
    from talentflow.diaspora.synthetic import profile_from_record

    if (qrels is None) == (not provisional):
        raise typer.BadParameter("give QRELS or --provisional (not both)")
    profiles, requests = load_eval_set()
    if provisional:
        judged, label = provisional_qrels(profiles, requests), "PROVISIONAL (generator-derived, not the gold)"
    else:
        try:
            judged, label = read_qrels(qrels), str(qrels)
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    result = run([profile_from_record(p) for p in profiles], requests, judged)
    result["judgements"] = label
    result["data"] = f"SYNTHETIC: {len(profiles)} profiles, {len(requests)} requests"
    if fmt is Fmt.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    table = Table("system", "requests", "language", "nDCG@5", "recall@10",
                  title=f"{result['data']}; judgements: {label}")
    for system in ("talentflow", "baseline_bm25"):
        for lang_, s in result[system].items():
            table.add_row(system, str(s["requests"]), lang_, f"{s['ndcg@5']:.3f}", f"{s['recall@10']:.3f}")
    Console().print(table)
    if "ratio_ndcg@5" in result:
        Console().print(f"nDCG@5 ratio talentflow / baseline: {result['ratio_ndcg@5']:.2f}")


@diaspora_app.command("pool")
def pool(out: Path = typer.Option(..., "--out", help="JSON-lines file for the judges.")) -> None:
    """Write the blind candidate pools (union of both methods' top results) for relevance judging."""
    from talentflow.diaspora.evaluate import candidate_pool, load_eval_set

    profiles, requests = load_eval_set()
    rows = list(candidate_pool(profiles, requests))
    with atomic_path(out) as tmp:
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    typer.echo(f"{len(rows)} pairs, {len(requests)} requests → {out}")


@diaspora_app.command("agreement")
def judge_agreement(
    coder_a: Path = typer.Argument(..., help="First coder's judgements (JSON lines)."),
    coder_b: Path = typer.Argument(..., help="Second coder's judgements (JSON lines)."),
) -> None:
    """Agreement of two independent relevance coders: Krippendorff's alpha (ordinal) and exact
    agreement, overall and per request language."""
    from talentflow.diaspora.evaluate import agreement, load_eval_set, read_qrels

    try:
        a, b = read_qrels(coder_a), read_qrels(coder_b)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    _, requests = load_eval_set()
    typer.echo(json.dumps(agreement(a, b, {r["id"]: r["lang"] for r in requests}), indent=1))
