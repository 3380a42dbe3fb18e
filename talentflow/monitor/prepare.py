"""Checking and converting a participant file before anything is written.

Everything that can be wrong with a file is found here — bad ids, unknown programmes and
countries, malformed cells, the validation rules, duplicates, conflicting birth dates — so the
store is touched only by a file that passed. Columns are processed whole (``pandas.factorize``
to parse each distinct value once, numpy for the rules), which is what lets a million rows be
checked in seconds; the ids are validated, then pseudonymised, and dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from talentflow.monitor import ids as idmod
from talentflow.monitor import offload
from talentflow.monitor.dates import as_of_key, month_key
from talentflow.monitor.issues import Issue, RegistryImportError
from talentflow.monitor.programmes import Programme
from talentflow.monitor.pseudonym import pseudonymise
from talentflow.monitor.rules import MISSING, evaluate
from talentflow.monitor.template import Coded, Table
from talentflow.stats.countries import resolve_country
from talentflow.stats.errors import UnknownCountryError

LEVELS = ("bachelor", "master", "phd", "postdoc", "internship", "other")
STATUSES = ("studying", "graduated", "dropped_out")
OBLIGATION_STATUSES = ("none", "in_progress", "fulfilled", "breach", "waived")
DATE_FIELDS = {"start_date": "start", "graduation_date": "graduation", "return_date": "return",
               "employment_start": "employment", "exit_date": "exit"}
#: Columns whose values are personal: never echoed in a message.
HIDDEN = frozenset({"person_id", "birth_date"})
_ISCED = re.compile(r"^\d{2,4}$")
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.I)
#: Files of at least this many rows hash their ids in a second process (below, a fork costs more
#: than it saves).
OFFLOAD_MIN = 20_000
#: Of the ids to hash, the share the second process hashes; this process hashes the rest once
#: its own checks are done. On an idle 2-core machine a million ids took the child longer than
#: the checks took this process (it waited about 2 s for the hashes): sharing the tail evens it.
#: At 0.75 this process still waited 0.65–0.77 s for the child; at 0.6, 0.22–0.42 s (three
#: alternating pairs of 1 M-row imports).
CHILD_HASH_SHARE = 0.6
#: Errors listed per file (all are counted).
MAX_LISTED = 50


def orcid_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an ORCID iD."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1].upper() == ("X" if check == 10 else str(check))


def normalise_orcid(text: str) -> str | None:
    m = _ORCID.match(text.strip())
    if not m or not orcid_ok(m.group(1)):
        return None
    return m.group(1).upper()


#: Weight of each of the first 15 digits in :func:`orcid_ok`'s sum ((total + d) · 2, 15 times).
_ORCID_WEIGHTS = 2 ** np.arange(15, 0, -1, dtype=np.int64)


def normalise_orcids(texts: list[str]) -> list[str | None]:
    """:func:`normalise_orcid` of each text (``None`` for a blank one), with the check digits of
    all of them computed at once (a Python loop over 15 digits per iD was a second per million
    rows)."""
    out: list[str | None] = [None] * len(texts)
    found = [(j, m.group(1).upper()) for j, m in enumerate(_ORCID.match(t.strip()) for t in texts) if m]
    if not found:
        return out
    joined = "".join(o.replace("-", "") for _, o in found)
    if not joined.isascii():  # digits of another script (\d matches them): one by one
        for j, o in found:
            out[j] = o if orcid_ok(o) else None
        return out
    d = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(-1, 16).astype(np.int64)
    check = (12 - ((d[:, :15] - 48) @ _ORCID_WEIGHTS) % 11) % 11
    last = np.where(d[:, 15] == ord("X"), 10, d[:, 15] - 48)
    for (j, o), ok in zip(found, (last == check).tolist(), strict=True):
        if ok:
            out[j] = o
    return out


@dataclass
class Prepared:
    """A checked file, ready to write: one record per award, persons as pseudonyms."""

    file: str
    rows: np.ndarray  # source row numbers
    pkeys: list[str]  # per distinct person
    person: np.ndarray  # index into pkeys, per record
    orcid: list[str | None]  # per distinct person (last non-blank)
    programme: list[str]
    cohort: np.ndarray
    level: list[str]
    field: list[str]
    isced: list[str | None]
    host_country: list[str]
    status: list[str]
    mk: dict[str, np.ndarray]  # start, graduation, return, employment, exit; MISSING = -1
    obligation_months: np.ndarray  # MISSING = -1
    obligation_status: list[str]
    employment_sector: list[str]
    employment_region: list[str]
    warnings: list[Issue] = field(default_factory=list)
    duplicates: int = 0

    def __len__(self) -> int:
        return len(self.rows)


class _Collector:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.errors: list[Issue] = []
        self.count = 0
        self.warnings: list[Issue] = []

    def add(self, i: int | None, column: str | None, rule: str, importance: str = "error", **fields: object) -> None:
        row = self.table.rows[i] if i is not None else None
        issue = Issue(self.table.file, row, column, rule, importance, tuple(fields.items()), self.table.sheet)
        if importance == "warning":
            self.warnings.append(issue)
            return
        self.count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(issue)


def _factorize(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of a column (one that was read coded is already both)."""
    if isinstance(values, Coded):
        return values.codes, np.asarray(values.uniques, dtype=object)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    return np.asarray(codes), np.asarray(uniques, dtype=object)


def _stripped(values: Sequence[str]) -> list[str]:
    """The column as a list, each distinct value trimmed once."""
    if not len(values):
        return []
    codes, uniques = _factorize(values)
    trimmed = [str(v).strip() for v in uniques.tolist()]
    if isinstance(values, list) and trimmed == uniques.tolist():
        return values
    return np.asarray(trimmed, dtype=object)[codes].tolist()


def _parse_date(text: str, fmt: str | None) -> dt.date:
    text = text.strip()
    if fmt:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return dt.date.fromisoformat(text[:10])


def _dates(col: list[str], name: str, fmt: str | None, c: _Collector) -> np.ndarray:
    codes, uniques = _factorize(col)
    keys = np.empty(len(uniques), dtype=np.int64)
    bad: list[int] = []
    for j, text in enumerate(uniques.tolist()):
        if not text:
            keys[j] = MISSING
            continue
        try:
            keys[j] = month_key(_parse_date(text, fmt))
        except ValueError:
            keys[j] = MISSING
            bad.append(j)
    out = keys[codes]
    if bad:
        for i in np.flatnonzero(np.isin(codes, bad)).tolist():
            value = "(hidden)" if name in HIDDEN else col[i]
            c.add(i, name, "bad_date", value=value)
    return out


def _enum(col: list[str], name: str, allowed: tuple[str, ...], default: str, c: _Collector) -> list[str]:
    codes, uniques = _factorize(col)
    fixed = []
    bad: list[int] = []
    for j, text in enumerate(uniques.tolist()):
        v = text.strip().lower().replace(" ", "_").replace("-", "_")
        if not v:
            v = default
        if v not in allowed:
            bad.append(j)
        fixed.append(v)
    for i in np.flatnonzero(np.isin(codes, bad)).tolist():
        c.add(i, name, "bad_value", value=col[i], allowed=", ".join(allowed))
    arr = np.asarray(fixed, dtype=object)[codes]
    return arr.tolist()


def _ints(col: list[str], name: str, c: _Collector, required: bool = False) -> np.ndarray:
    codes, uniques = _factorize(col)
    vals = np.empty(len(uniques), dtype=np.int64)
    bad: list[int] = []
    for j, text in enumerate(uniques.tolist()):
        t = text.strip()
        if not t:
            vals[j] = MISSING
            if required:
                bad.append(j)
            continue
        try:
            f = float(t.replace(",", "."))
            if not f.is_integer() or f < 0:
                raise ValueError
            vals[j] = int(f)
        except ValueError:
            vals[j] = MISSING
            bad.append(j)
    for i in np.flatnonzero(np.isin(codes, bad)).tolist():
        if required and not col[i].strip():
            c.add(i, name, "missing_value")
        else:
            c.add(i, name, "bad_number", value=col[i])
    return vals[codes]


def _pseudonymise_all(jobs: list[tuple[list[str], str]], key: bytes) -> list[list[str]]:
    return [pseudonymise(ids, key, country) for ids, country in jobs]


def prepare(table: Table, programmes: dict[str, Programme], key: bytes,
            import_date: dt.date | None = None) -> Prepared:
    """Check every row of ``table``; return the records to write or raise
    :class:`RegistryImportError` with every error (file, row, column, reason)."""
    n = len(table)
    c = _Collector(table)
    blank = [""] * n
    col = table.columns
    today = import_date or dt.date.today()

    # programme → country whose id validator applies
    raw_codes, raw_uniques = _factorize(col["programme"])
    cleaned = [str(v).strip().upper() for v in raw_uniques.tolist()]
    prog_list = list(dict.fromkeys(cleaned))
    prog_codes = np.asarray([prog_list.index(c) for c in cleaned], dtype=np.int64)[raw_codes] if n else raw_codes
    known = sorted(programmes)
    for j, code in enumerate(prog_list):
        if code not in programmes:
            for i in np.flatnonzero(prog_codes == j).tolist():
                if code:
                    c.add(i, "programme", "unknown_programme", value=code, known=", ".join(known))
                else:
                    c.add(i, "programme", "missing_value")
    programme = np.asarray(prog_list, dtype=object)[prog_codes].tolist() if n else []

    cohort = _ints(col["cohort"], "cohort", c, required=True)

    # national ids: validate by the programme's country, then pseudonymise the distinct ones
    raw_ids = col["person_id"]
    birth = np.zeros(n, dtype=np.int64)
    by_country: dict[str, list[int]] = defaultdict(list)
    for j, code in enumerate(prog_list):
        country = programmes[code].country if code in programmes else ""
        by_country[country].extend(np.flatnonzero(prog_codes == j).tolist())
    to_hash: list[tuple[list[str], str]] = []
    placed: list[tuple[np.ndarray, np.ndarray]] = []
    for country, idx in by_country.items():
        idx_arr = np.asarray(sorted(idx), dtype=np.int64)
        sub = raw_ids if len(idx_arr) == n else [raw_ids[i] for i in idx_arr.tolist()]
        id_codes, id_uniques = _factorize(sub)
        id_list = id_uniques.tolist()
        checked = idmod.validator_for(country)(id_list)
        reasons = checked.reasons
        bad = [j for j, r in enumerate(reasons) if r is not None]
        if bad:
            for k in np.flatnonzero(np.isin(id_codes, bad)).tolist():
                c.add(int(idx_arr[k]), "person_id", "invalid_id", reason=reasons[id_codes[k]])
        to_hash.append((checked.ids, country))
        placed.append((idx_arr, id_codes, checked.ids == id_list))  # True: nothing was normalised
        birth[idx_arr] = checked.birth[id_codes]
    del raw_ids
    # the keyed hashes (a third of the checking time) are computed by a second process while this
    # one checks the other columns, which need no pseudonym
    fork = n >= OFFLOAD_MIN and offload.enabled()
    cuts = [int(len(ids) * CHILD_HASH_SHARE) if fork else len(ids) for ids, _ in to_hash]
    hashing = offload.start(_pseudonymise_all, [(ids[:k], cc) for (ids, cc), k in zip(to_hash, cuts, strict=True)],
                            key, fork=fork)

    level = _enum(col.get("level", blank), "level", LEVELS, "other", c)
    status_raw = col.get("status", blank)
    if n and any(not s.strip() for s in _factorize(status_raw)[1].tolist()):  # blank: derived from the date
        grad_text = col.get("graduation_date", blank)
        status_raw = [s if s.strip() else ("graduated" if g.strip() else "studying")
                      for s, g in zip(status_raw, grad_text, strict=True)]
    status = _enum(status_raw, "status", STATUSES, "studying", c)
    obligation_status = _enum(col.get("obligation_status", blank), "obligation_status", OBLIGATION_STATUSES,
                              "none", c)
    obligation_months = _ints(col.get("obligation_months", blank), "obligation_months", c)

    mk = {short: _dates(col.get(name, blank), name, table.date_format, c) for name, short in DATE_FIELDS.items()}

    # host country through the shared resolver (ISO3 or a ru/kk/en name)
    hc_codes, hc_uniques = _factorize(col.get("host_country", blank))
    resolved: list[str] = []
    bad_hc: list[int] = []
    for j, text in enumerate(hc_uniques.tolist()):
        if not text.strip():
            resolved.append("")
            continue
        try:
            resolved.append(resolve_country(text))
        except UnknownCountryError:
            resolved.append("")
            bad_hc.append(j)
    for i in np.flatnonzero(np.isin(hc_codes, bad_hc)).tolist():
        c.add(i, "host_country", "unknown_country", value=col["host_country"][i])
    host_country = np.asarray(resolved, dtype=object)[hc_codes].tolist() if n else []

    fld = _stripped(col.get("field", blank))
    f_codes, f_uniques = _factorize(fld)
    isced = np.asarray([v if _ISCED.match(v) else None for v in f_uniques.tolist()], dtype=object)[f_codes].tolist() \
        if n else []

    orcid_col = col.get("orcid", blank)
    o_codes, o_uniques = _factorize(orcid_col)
    o_values = o_uniques.tolist()
    o_norm = normalise_orcids(o_values)
    for j, (v, o) in enumerate(zip(o_values, o_norm, strict=True)):
        if o is None and v.strip():
            for i in np.flatnonzero(o_codes == j).tolist():
                c.add(i, "orcid", "bad_value", value=v, allowed="an ORCID iD 0000-0000-0000-000X with a valid check digit")
    orcids: list[str | None] = np.asarray(o_norm, dtype=object)[o_codes].tolist() if n else []

    mine = _pseudonymise_all([(ids[k:], cc) for (ids, cc), k in zip(to_hash, cuts, strict=True)], key)
    # one integer per distinct person (a country and a normalised id: one pseudonym), in order of
    # first appearance: the checks below compare integers instead of 64-character pseudonyms, and
    # the result's person index is this one — computed from the short ids, not the pseudonyms
    combined = np.empty(n, dtype=np.int64)
    norm_hashes: list[np.ndarray] = []
    offset = 0
    for hashed, rest, (idx_arr, id_codes, as_read), (ids, _) in zip(hashing.result(), mine, placed, to_hash,
                                                                    strict=True):
        if as_read:  # the distinct raw ids, unchanged: distinct normalised ids already
            ncodes, nuniq = np.arange(len(ids)), ids
        else:  # ids: the normalised id of each distinct raw id; two raw spellings may be one id
            ncodes, nuniq = _factorize(ids)
        combined[idx_arr] = ncodes[id_codes] + offset
        first = np.empty(len(nuniq), dtype=np.int64)  # a raw id of each normalised one
        first[ncodes[::-1]] = np.arange(len(ncodes) - 1, -1, -1)
        norm_hashes.append(np.asarray(hashed + rest, dtype=object)[first])
        offset += len(nuniq)
    pcode, order = pd.factorize(combined)
    p_uniques = np.concatenate(norm_hashes)[order] if norm_hashes else np.asarray([], dtype=object)

    # birth dates: the id's and an optional birth_date column must agree for one person
    if "birth_date" in col:
        bd = _dates(col["birth_date"], "birth_date", table.date_format, c)
        from talentflow.monitor.dates import from_month_key

        as_int = np.array([0 if k == MISSING else int(from_month_key(int(k)).strftime("%Y%m%d")) for k in bd.tolist()],
                          dtype=np.int64)
        clash = (as_int != 0) & (birth != 0) & (as_int != birth)
        for i in np.flatnonzero(clash).tolist():
            c.add(i, "birth_date", "conflicting_birth_dates", other=table.rows[i], row=table.rows[i])
        birth = np.where(birth == 0, as_int, birth)
    if n and (birth != 0).any():
        frame = pd.DataFrame({"p": pcode, "b": birth})
        frame = frame[frame.b != 0]
        first = frame.drop_duplicates("p").set_index("p")["b"]
        firstrow = frame.reset_index().drop_duplicates("p").set_index("p")["index"]
        differ = frame[frame.b.to_numpy() != first.reindex(frame.p).to_numpy()]
        for i, p in zip(differ.index.tolist(), differ.p.tolist(), strict=True):
            c.add(i, "person_id", "conflicting_birth_dates", other=table.rows[int(firstrow[p])], row=table.rows[i])

    # validation rules over whole columns
    numbers = {"obligation_months": obligation_months}
    dates = {name: mk[short] for name, short in DATE_FIELDS.items()}
    for v in evaluate(dates, numbers, {"status": status, "obligation_status": obligation_status},
                      month_key(today), as_of_key(today)):
        c.add(v.index, v.column, v.rule, v.importance)

    # duplicates: the same person, programme and cohort twice
    sector = _stripped(col.get("employment_sector", blank))
    region = _stripped(col.get("employment_region", blank))
    keep = np.ones(n, dtype=bool)
    duplicates = 0
    if n:
        frame = pd.DataFrame({"p": pcode, "g": prog_codes, "c": cohort})  # a programme's code stands for its name
        dup = frame.duplicated(keep="first").to_numpy()
        if dup.any():
            content = pd.DataFrame({
                "level": level, "field": fld, "host_country": host_country, "status": status,
                **{name: mk[short] for name, short in DATE_FIELDS.items()},
                "obligation_months": obligation_months, "obligation_status": obligation_status,
                "employment_sector": sector, "employment_region": region, "orcid": orcids,
            })
            firsts = frame.reset_index().drop_duplicates(["p", "g", "c"]).set_index(["p", "g", "c"])["index"]
            for i in np.flatnonzero(dup).tolist():
                j = int(firsts[(int(pcode[i]), int(prog_codes[i]), int(cohort[i]))])
                differ = [name for name in content.columns if content.at[i, name] != content.at[j, name]
                          and not (pd.isna(content.at[i, name]) and pd.isna(content.at[j, name]))]
                if differ:
                    c.add(i, differ[0], "conflicting_duplicate", other=table.rows[j], columns=", ".join(differ))
                else:
                    c.add(i, None, "duplicate_row", "warning", other=table.rows[j])
                    duplicates += 1
                keep[i] = False

    if c.count:
        raise RegistryImportError(c.errors, c.count)

    idx = np.flatnonzero(keep)
    all_keep = bool(keep.all())

    def pick(values: list) -> list:
        return values if all_keep else [values[i] for i in idx.tolist()]

    # a dropped row repeats an earlier row of the same person, so every person keeps its first
    # row: the codes of the kept rows are what factorising their pseudonyms would give
    person_codes, uniques = (pcode if all_keep else pcode[idx]), p_uniques
    orcid_per_person: list[str | None] = [None] * len(uniques)
    for code, o in zip(person_codes.tolist(), pick(orcids), strict=True):
        if o:
            orcid_per_person[code] = o
    return Prepared(
        file=table.file, rows=np.asarray(table.rows, dtype=np.int64)[idx], pkeys=uniques.tolist(),
        person=person_codes, orcid=orcid_per_person, programme=pick(programme), cohort=cohort[idx],
        level=pick(level), field=pick(fld), isced=pick(isced), host_country=pick(host_country),
        status=pick(status), mk={k: v[idx] for k, v in mk.items()}, obligation_months=obligation_months[idx],
        obligation_status=pick(obligation_status), employment_sector=pick(sector),
        employment_region=pick(region), warnings=c.warnings, duplicates=duplicates,
    )
