"""The shipped Frictionless Data Package of sourced figures: building it and reading it back.

The package is what the product knows without any download: one CSV per resource whose columns
are the :class:`~talentflow.stats.model.Observation` fields, plus ``datapackage.json`` with the
Table Schema, the licence and every source URL. Figures are kept *as published*: two sources
that disagree stay two rows, part-year and cumulative figures keep their period, and the words
"more than" / "about" become flags rather than being dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from talentflow.io.atomic import write_text
from talentflow.limits import max_cell
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.model import FLAGS, Observation
from talentflow.stats.schema import OBSERVATION_FIELDS
from talentflow.stats.sources import SOURCE_COLUMNS as TIER_COLUMNS
from talentflow.stats.sources import SOURCES_FILE, TIERS, guess_tier, read_sources
from talentflow.stats.validate import check_observation

#: Where the product finds its own copy of the package (package data, never ``../shared``).
SHIPPED_PACKAGE = Path(__file__).resolve().parents[1] / "data" / "datapackage"

PACKAGE_NAME = "talentflow-intellectual-migration-figures"

#: The resource that lists every source with its authority tier (see ``stats/sources.py``).
SOURCES_RESOURCE = "sources"

#: ISCED 2011 levels for the ``education=`` keys of the source tables. Kazakh statistics report
#: "secondary vocational (technical and vocational)" education, which ISCED places at upper
#: secondary vocational (level 3) and post-secondary non-tertiary (level 4): ``ED35`` here.
EDUCATION_CODES = {
    "higher": "ED5T8",
    "secondary_vocational": "ED35",
    "general_secondary": "ED3",
    "basic": "ED2",
    "none": "ED0",
}

#: Age groups. The working-age groups are the national definitions (Kazakhstan: 16 to the
#: pension age), so they are codes of their own and not year spans.
AGE_CODES = {
    "working": "Y_WORKING",
    "under_working": "Y_LT_WORKING",
    "over_working": "Y_GT_WORKING",
    "pension": "Y_GT_WORKING",  # "pension age" is the national name of "over working age"
    "minors": "Y_LT18",
    "children": "Y_CHILD",  # the source says "children" without an age bound
    "0-15": "Y0T15",
    "15+": "Y_GE15",
}
_AGE_BOUND = re.compile(r"^age\s*(<|>=|>|<=)\s*(\d+)$")
_AGE_BOUND_CODES = {"<": "Y_LT{}", ">=": "Y_GE{}", ">": "Y_GT{}", "<=": "Y_LE{}"}

_MORE_THAN = re.compile(r"\b(more than|over|exceed\w*|exceeding)\b", re.I)
_ABOUT = re.compile(r"\b(about|almost|nearly|approximately|around)\b", re.I)
_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})(H\d|Q\d|M\d+|YTD)?\b")

FIELD_DOCS: dict[str, tuple[str, str]] = {
    "indicator": ("string", "Indicator id (snake_case), as in the indicator catalogue"),
    "area": ("string", "Reporting area: ISO 3166-1 alpha-3, or an aggregate code (WLD world)"),
    "counterpart": ("string", "Destination or origin (ISO alpha-3 or aggregate); empty when none"),
    "year": ("integer", "Reference year; for a span (cumulative figure) the last year"),
    "period": ("string", "Y whole year, H1, Q1, 9M, M1-M8, a span such as 2012-2021, or the "
                         "wording of the source; empty when the source gives none"),
    "sex": ("string", "SDMX sex code; _T total"),
    "age": ("string", "Age group: _T total, Y_WORKING, Y_LT_WORKING, Y_GT_WORKING, Y_GE15, "
                      "Y_LT35 … (see docs/statistics-store.md)"),
    "education": ("string", "ISCED 2011 level: _T total, ED5T8 tertiary, ED35 technical and "
                            "vocational, ED3 general secondary, ED2 basic, ED0 none"),
    "specialty": ("string", "Field of the qualification as the source names it"),
    "breakdown": ("string", "Remaining qualifiers as published, ';'-separated"),
    "value": ("number", "The figure as published; negative for a net loss"),
    "unit": ("string", "persons, percent, publications, KZT, USD, rank …"),
    "source_name": ("string", "Who published the page and whom it cites"),
    "source_url": ("string", "Address of the publication; empty only for unsourced rows"),
    "source_table": ("string", "Table or series inside the source, where it has one"),
    "quote": ("string", "The sentence of the source that states the value, verbatim"),
    "retrieved": ("date", "When the source was read, where known"),
    "flags": ("string", "';'-separated flags: " + ", ".join(FLAGS)),
    "topic": ("string", "Topic of the figure (flows, students, science, programme …)"),
}


# --- reading ---------------------------------------------------------------------------------


def package_hash(path: Path | None = None) -> str:
    """SHA-256 over the descriptor and every resource file: a changed figure changes the hash,
    which is how the default store knows it must reload the package."""
    root = Path(path or SHIPPED_PACKAGE)
    descriptor = _descriptor(root)
    h = hashlib.sha256((root / "datapackage.json").read_bytes())
    for res in descriptor.get("resources", []):
        h.update(res["path"].encode())
        h.update((root / res["path"]).read_bytes())
    return h.hexdigest()


def _descriptor(root: Path) -> dict:
    file = root / "datapackage.json"
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataImportError("no datapackage.json here", file=str(file)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataImportError(f"not a valid datapackage.json: {exc}", file=str(file)) from None


def resources(path: Path | None = None) -> list[tuple[str, Path]]:
    """``(resource name, CSV file)`` pairs of the figure resources of a package, in descriptor
    order (the ``sources`` table of publishers and their tiers is not a figure resource)."""
    root = Path(path or SHIPPED_PACKAGE)
    return [(r["name"], root / r["path"]) for r in _descriptor(root).get("resources", [])
            if r.get("name") != SOURCES_RESOURCE]


def sources_file(path: Path | None = None) -> Path | None:
    """The package's table of sources with their authority tiers, when it has one."""
    root = Path(path or SHIPPED_PACKAGE)
    for r in _descriptor(root).get("resources", []):
        if r.get("name") == SOURCES_RESOURCE:
            return root / r["path"]
    return None


def read_resource(file: Path, dataset: str) -> Iterator[tuple[Observation, Location]]:
    """Observations of one package CSV, each with the line it came from."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataImportError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=str(file)) from None
    csv.field_size_limit(max(max_cell(), 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise DataImportError(f"not a valid CSV header ({exc})", file=str(file), row=1) from None
    missing = [f for f in ("indicator", "area", "value", "quote") if f not in header]
    if missing:
        raise DataImportError(f"missing column(s) {', '.join(missing)} in the header", file=str(file), row=1)
    rows = iter(reader)
    while True:
        start = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataImportError(f"not a valid CSV row ({exc}; an unterminated quote or a cell over "
                                  f"{max_cell():,} characters?)", file=str(file), row=start) from None
        line = reader.line_num
        where = Location(str(file), None, line)
        if None in row:
            raise DataImportError(f"more cells than the header's {len(header)}", file=str(file), row=line)
        if any(v is None for v in row.values()):
            filled = sum(v is not None for v in row.values())
            first = next(k for k, v in row.items() if v is None)
            raise DataImportError(f"only {filled} of {len(header)} cells: the row is incomplete", file=str(file),
                                  row=line, column=first)
        yield check_observation(observation_from_row(row, dataset, str(file), line), where), where


def observation_from_row(row: dict[str, str | None], dataset: str, file: str | None = None,
                         line: int | None = None) -> Observation:
    """One package row → Observation, with a located error for a bad cell."""

    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    def number(name: str, kind: type) -> float | int | None:
        raw = cell(name)
        if not raw:
            return None
        try:
            return kind(raw)
        except ValueError:
            raise DataImportError(f"{raw!r} is not a {'whole number' if kind is int else 'number'}",
                                  file=file, row=line, column=name) from None

    retrieved = None
    if cell("retrieved"):
        try:
            retrieved = dt.date.fromisoformat(cell("retrieved"))
        except ValueError:
            raise DataImportError(f"{cell('retrieved')!r} is not a date (YYYY-MM-DD)",
                                  file=file, row=line, column="retrieved") from None
    flags = [f for f in cell("flags").split(";") if f]
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise DataImportError(f"unknown flag(s) {', '.join(unknown)}", file=file, row=line, column="flags")
    for required in ("indicator", "area"):
        if not cell(required):
            raise DataImportError("empty cell", file=file, row=line, column=required)
    return Observation(
        indicator=cell("indicator"), area=cell("area"), counterpart=cell("counterpart") or None,
        year=number("year", int), period=row.get("period") if row.get("period") is not None else "Y",
        sex=cell("sex") or "_T", age=cell("age") or "_T", education=cell("education") or "_T",
        specialty=cell("specialty") or None, breakdown=row.get("breakdown") or "",
        value=number("value", float), unit=cell("unit") or "persons",
        source_name=row.get("source_name") or "", source_url=cell("source_url") or None,
        source_table=cell("source_table") or None, quote=row.get("quote") or "",
        retrieved=retrieved, flags=flags, topic=cell("topic"), dataset=dataset,
    )


# --- building --------------------------------------------------------------------------------


#: Working names in the shared tables that a reader should not see: the paper is named by its
#: authors and year ("Konarbayeva & Kantarbayeva 2025"), not by its role in this project.
_INTERNAL_NAME_WORDS = re.compile(r"\s*\(seed paper\)", re.IGNORECASE)


def source_name(name: str) -> str:
    """The publisher's name as shipped: the shared table's, without project-internal words."""
    return _INTERNAL_NAME_WORDS.sub("", name or "").strip()


def convert_source_row(row: dict[str, str]) -> dict[str, str]:
    """A row of the sourced-figures layout (``topic, indicator, geo, partner, year, period,
    breakdown, value, unit, source_url, source_name, quote``) → a package row.

    ``value`` and ``quote`` are copied byte for byte; only the breakdown keys with a standard
    code (education, age, specialty) and the approximation words move into columns/flags."""
    flags: list[str] = []
    education = age = "_T"
    specialty = ""
    rest: list[str] = []
    for piece in (row.get("breakdown") or "").split(";"):
        item = piece.strip()
        if not item:
            continue
        k, _, v = item.partition("=")
        bound = _AGE_BOUND.match(item)
        if k == "education" and v in EDUCATION_CODES:
            education = EDUCATION_CODES[v]
        elif k == "age" and v in AGE_CODES:
            age = AGE_CODES[v]
        elif bound:
            age = _AGE_BOUND_CODES[bound.group(1)].format(bound.group(2))
        elif k == "specialty" and v:
            specialty = v
        elif k == "approx":
            flags.append("more_than" if v == "more_than" else "approx")
        else:
            rest.append(item)
            if item.startswith("'") or "cumulative" in item:
                # a quoted wording of the source ('more than 13 thousand', 'about 8,000')
                if _MORE_THAN.search(item):
                    flags.append("more_than")
                elif _ABOUT.search(item):
                    flags.append("approx")
                if "cumulative" in item:
                    flags.append("cumulative")
    period = row.get("period") or ""
    span = _SPAN.match(period)
    # a span of more than one year, or one that ends part-way through a year, adds up several
    # years' flows; "2023-2024" alone is an academic year, not a cumulative figure
    if span and (int(span.group(2)) - int(span.group(1)) > 1 or span.group(3)):
        flags.append("cumulative")
    if not (row.get("source_url") or "").strip():
        flags.append("unsourced")
    return {
        "indicator": row["indicator"].strip(),
        "area": row["geo"].strip(),
        "counterpart": (row.get("partner") or "").strip(),
        "year": (row.get("year") or "").strip(),
        "period": period,
        "sex": "_T",
        "age": age,
        "education": education,
        "specialty": specialty,
        "breakdown": ";".join(rest),
        "value": row["value"],
        "unit": row.get("unit") or "",
        "source_name": source_name(row.get("source_name") or ""),
        "source_url": (row.get("source_url") or "").strip(),
        "source_table": "",
        "quote": row["quote"],
        "retrieved": "",
        "flags": ";".join(sorted(set(flags), key=FLAGS.index)),
        "topic": row.get("topic") or "",
    }


SOURCE_COLUMNS = ("topic", "indicator", "geo", "partner", "year", "period", "breakdown", "value",
                  "unit", "source_url", "source_name", "quote")


def convert_file(file: Path) -> list[dict[str, str]]:
    """Convert one sourced-figures CSV, checking each row so that a bad figure is caught when
    the package is built, not when a user opens the store."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataImportError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=str(file)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataImportError(f"missing column(s) {', '.join(missing)}", file=str(file), row=1)
    out = []
    for row in reader:
        converted = convert_source_row(row)
        observation_from_row(converted, "check", str(file), reader.line_num)  # raises, located
        out.append(converted)
    return out


def _resource_name(file: Path) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", file.stem.lower()).strip("-")


SOURCE_FIELD_DOCS: dict[str, str] = {
    "url": "Address of the publication, as in the source_url column of the figure resources",
    "title": "Who published the page and whom it cites",
    "tier": "Authority tier, best first: " + ", ".join(TIERS),
    "basis": "Why the source has this tier (publisher, or the official body it names); "
             "'inferred:' when set by rule rather than by hand",
}


def _sources_resource(used: dict[str, str], table_file: Path | None, out_dir: Path) -> dict:
    """Write ``sources.csv``: every source the figures use, with its tier from ``table_file``
    (hand-kept, ``data-sources/sources.csv``) or, for one it lacks, the tier inferred by rule."""
    table = read_sources(table_file) if table_file is not None and Path(table_file).is_file() else {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(TIER_COLUMNS)
    for url, title in sorted(used.items()):
        listed = table.get(url)
        if listed is not None:
            writer.writerow([url, listed.title or title, listed.tier, listed.basis])
        else:
            tier, basis = guess_tier(url, title)
            writer.writerow([url, title, tier, f"inferred: {basis}"])
    _publish(out_dir / SOURCES_FILE, buf.getvalue())
    return {
        "name": SOURCES_RESOURCE,
        "path": SOURCES_FILE,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": "Sources of the figures with their authority tier",
        "schema": {
            "fields": [
                {"name": n, "type": "string", "description": SOURCE_FIELD_DOCS[n],
                 **({"constraints": {"required": True, "enum": list(TIERS)}} if n == "tier" else
                    {"constraints": {"required": True, "unique": True}} if n == "url" else {})}
                for n in TIER_COLUMNS
            ],
            "primaryKey": ["url"],
            "missingValues": [""],
        },
    }


def build_package(inputs: Iterable[Path], out_dir: Path, origin: str = "",
                  source_table: Path | None = None) -> dict:
    """Write the package (descriptor + one CSV per input file + the ``sources`` table with
    each source's authority tier) into ``out_dir``; returns the descriptor. Files are written
    atomically, the descriptor last. ``source_table`` is the hand-kept tier table; a source it
    does not list gets the tier inferred by rule, marked "inferred"."""
    out_dir = Path(out_dir)
    res_list = []
    all_sources: dict[str, str] = {}
    for file in inputs:
        rows = convert_file(file)
        name = _resource_name(file)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(OBSERVATION_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        _publish(out_dir / f"{name}.csv", buf.getvalue())
        for r in rows:
            if r["source_url"]:
                all_sources.setdefault(r["source_url"], r["source_name"] or r["source_url"])
        res_list.append({
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": f"Sourced figures from {file.name}",
            "sources": [{"title": f"{origin}{file.name}"}],
            "schema": {
                "fields": [
                    {"name": n, "type": FIELD_DOCS[n][0], "description": FIELD_DOCS[n][1],
                     **({"constraints": {"required": True}} if n in ("indicator", "area", "quote") else {})}
                    for n in OBSERVATION_FIELDS
                ],
                "missingValues": [""],
                "foreignKeys": [{"fields": "source_url",
                                 "reference": {"resource": SOURCES_RESOURCE, "fields": "url"}}],
            },
        })
    res_list.append(_sources_resource(all_sources, source_table, out_dir))
    tiers = {s.url: s.tier for s in read_sources(out_dir / SOURCES_FILE).values()}
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Intellectual migration figures with their sources (Kazakhstan and comparators)",
        "description": (
            "One row per published number, each with the source URL and the sentence that states "
            "it. Conflicting figures are kept as separate rows; part-year and cumulative figures keep "
            "their period. Flags: " + ", ".join(FLAGS) + "."
        ),
        "licenses": [{
            "name": "ODC-By-1.0",
            "path": "https://opendatacommons.org/licenses/by/1-0/",
            "title": "Open Data Commons Attribution License 1.0 (the compilation); figures and short "
                     "quotes belong to the cited sources",
        }],
        "sources": [{"title": t, "path": u, "tier": tiers[u]} for u, t in sorted(all_sources.items())],
        "resources": res_list,
    }
    _publish(out_dir / "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n")
    return descriptor


def _publish(path: Path, text: str) -> None:
    """Write atomically and make the file readable by all: it is shipped package data."""
    write_text(path, text)
    os.chmod(path, 0o644)
