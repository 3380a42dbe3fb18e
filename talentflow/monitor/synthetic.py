"""A seeded synthetic registry: participants of the synthetic programmes (``SYN_*``, flagged
synthetic in the programme catalogue, so every table, chart and export made from them says so).

Nothing here describes a real programme: the shares and delays below are round assumptions
chosen to exercise every rule (returns within and after 12 months, non-return, drop-out,
re-emigration, obligations fulfilled, in progress and breached), not estimates. Valid IINs are
generated (birth date, century digit, serial, check digit), so the file goes through the same
validation as an operator's. Vectorised: a million rows in a few seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np

from talentflow.monitor.ids import IIN_WEIGHTS_1, IIN_WEIGHTS_2
from talentflow.monitor.template import COLUMNS

PROGRAMMES = ("SYN_SCHOLAR", "SYN_RETURN", "SYN_FACULTY", "SYN_POSTDOC")
LEVELS = np.array(["bachelor", "master", "phd", "postdoc", "internship"])
LEVEL_P = [0.2, 0.5, 0.18, 0.07, 0.05]
LEVEL_MONTHS = np.array([48, 24, 48, 24, 6])
HOSTS = np.array(["USA", "GBR", "DEU", "RUS", "CHN", "KOR", "TUR", "CZE", "FRA", "AUS", "NLD", "JPN"])
FIELDS = np.array(["0613", "0311", "0413", "0511", "0533", "0712", "0912", "0231", "Public policy", "0421"])
SECTORS = np.array(["public", "business", "higher education", "research", "non-profit"])
REGIONS = np.array(["Astana", "Almaty", "Shymkent", "Karaganda region", "Aktobe region", "East Kazakhstan region"])


def _iins(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid IINs."""
    out: list[np.ndarray] = []
    have = 0
    serial_base = 0
    while have < n:
        m = int((n - have) * 1.15) + 16
        born = np.datetime64("1960-01-01") + rng.integers(0, 16000, m).astype("timedelta64[D]")
        y = born.astype("datetime64[Y]").astype(int) + 1970
        mo = born.astype("datetime64[M]").astype(int) % 12 + 1
        d = (born - born.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
        sex = rng.integers(0, 2, m)
        century = np.where(y >= 2000, 5, 3) + sex
        serial = (np.arange(m) + serial_base) % 10000
        serial_base += m
        digits = np.stack([
            (y % 100) // 10, y % 10, mo // 10, mo % 10, d // 10, d % 10, century,
            serial // 1000, serial // 100 % 10, serial // 10 % 10, serial % 10], axis=1)
        s1 = (digits @ IIN_WEIGHTS_1) % 11
        s2 = (digits @ IIN_WEIGHTS_2) % 11
        check = np.where(s1 == 10, s2, s1)
        ok = check != 10
        full = np.concatenate([digits[ok], check[ok, None]], axis=1)
        text = _join(full)
        out.append(text)
        have += len(text)
        merged = np.unique(np.concatenate(out))
        out, have = [merged], len(merged)
    ids = out[0]
    rng.shuffle(ids)
    return ids[:n]


def _join(digits: np.ndarray) -> np.ndarray:
    buf = (digits.astype(np.uint8) + 48).tobytes()
    return np.frombuffer(buf, dtype="S12").astype("U12")


def _orcid(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for base in rng.integers(0, 10**15, n).tolist():
        digits = f"{base:015d}"
        total = 0
        for ch in digits:
            total = (total + int(ch)) * 2
        check = (12 - total % 11) % 11
        s = digits + ("X" if check == 10 else str(check))
        out.append(f"{s[0:4]}-{s[4:8]}-{s[8:12]}-{s[12:16]}")
    return out


def generate(n: int, seed: int = 20261206, as_of: dt.date = dt.date(2026, 6, 30),
             cohorts: int = 20) -> dict[str, np.ndarray]:
    """Columns of ``n`` synthetic award records (one per participant) in the template layout."""
    rng = np.random.default_rng(seed)
    a = np.datetime64(as_of.isoformat())
    blank = np.array([""], dtype=object)
    first = as_of.year - cohorts
    cohort = rng.integers(first, first + cohorts, n)
    programme = np.array(PROGRAMMES)[rng.choice(len(PROGRAMMES), n, p=[0.55, 0.15, 0.15, 0.15])]
    lv = rng.choice(len(LEVELS), n, p=LEVEL_P)
    start = (cohort - 1970).astype("datetime64[Y]").astype("datetime64[D]") + (243 + rng.integers(0, 30, n)).astype(
        "timedelta64[D]")
    months = LEVEL_MONTHS[lv] + rng.integers(-2, 7, n)
    grad = (start.astype("datetime64[M]") + months.astype("timedelta64[M]")).astype("datetime64[D]") + rng.integers(
        0, 28, n).astype("timedelta64[D]")
    dropped = rng.random(n) < 0.05
    grad = np.where(dropped, start + rng.integers(60, 400, n).astype("timedelta64[D]"), grad)
    ended = grad <= a
    status = np.where(~ended, "studying", np.where(dropped, "dropped_out", "graduated"))
    returns = ended & (rng.random(n) < np.where(dropped, 0.7, 0.85))
    delay = np.minimum(rng.exponential(90, n), 900).astype(int)
    late = rng.random(n) < 0.1
    delay = np.where(late, 380 + rng.integers(0, 700, n), delay)
    ret = grad + delay.astype("timedelta64[D]")
    returns &= ret <= a
    employed = returns & (rng.random(n) < 0.9)
    emp = ret + np.minimum(rng.exponential(75, n), 700).astype(int).astype("timedelta64[D]")
    employed &= emp <= a
    exits = returns & (rng.random(n) < 0.12)
    ex = ret + (200 + rng.integers(0, 2800, n)).astype("timedelta64[D]")
    exits &= ex <= a
    has_ob = np.isin(programme, ["SYN_SCHOLAR", "SYN_RETURN"]) & (status == "graduated")
    ob_months = np.where(programme == "SYN_SCHOLAR", 60, 36)
    ob_end = (ret.astype("datetime64[M]") + ob_months.astype("timedelta64[M]")).astype("datetime64[D]")
    ob_status = np.where(~has_ob, "none",
                         np.where(~returns, np.where(grad + 365 <= a, "breach", "in_progress"),
                                  np.where(exits & (ex < ob_end), "breach",
                                           np.where(ob_end <= a, "fulfilled", "in_progress"))))
    waived = has_ob & (rng.random(n) < 0.02)
    ob_status = np.where(waived, "waived", ob_status)
    phd = np.isin(lv, [2, 3])
    has_orcid = phd & (rng.random(n) < 0.5)

    def iso(mask: np.ndarray, dates: np.ndarray) -> np.ndarray:
        return np.where(mask, np.datetime_as_string(dates, unit="D").astype(object), blank)

    orcid = np.full(n, "", dtype=object)
    idx = np.flatnonzero(has_orcid)
    orcid[idx] = _orcid(rng, idx.size)
    return {
        "person_id": _iins(rng, n).astype(object),
        "programme": programme.astype(object),
        "cohort": cohort.astype(str).astype(object),
        "level": LEVELS[lv].astype(object),
        "field": FIELDS[rng.integers(0, len(FIELDS), n)].astype(object),
        "host_country": HOSTS[rng.integers(0, len(HOSTS), n)].astype(object),
        "start_date": np.datetime_as_string(start, unit="D").astype(object),
        "graduation_date": iso(ended, grad),
        "status": status.astype(object),
        "return_date": iso(returns, ret),
        "obligation_months": np.where(has_ob, ob_months.astype(str).astype(object), blank),
        "obligation_status": ob_status.astype(object),
        "employment_start": iso(employed, emp),
        "employment_sector": np.where(employed, SECTORS[rng.integers(0, len(SECTORS), n)].astype(object), blank),
        "employment_region": np.where(employed, REGIONS[rng.integers(0, len(REGIONS), n)].astype(object), blank),
        "exit_date": iso(exits, ex),
        "orcid": orcid,
    }


def write_registry(path: str | Path, n: int, seed: int = 20261206, as_of: dt.date = dt.date(2026, 6, 30)) -> Path:
    """Write a synthetic participant file (csv) in the template layout."""
    cols = generate(n, seed, as_of)
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(zip(*[cols[c].tolist() for c in COLUMNS], strict=True))
    return path


def write_openalex(path: str | Path, columns: dict[str, np.ndarray], seed: int = 7, per_person: float = 1.5) -> Path:
    """Synthetic OpenAlex-style works (JSON lines) for the participants with an ORCID iD, dated
    around and after their return."""
    rng = np.random.default_rng(seed)
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        k = 0
        for orcid, ret in zip(columns["orcid"].tolist(), columns["return_date"].tolist(), strict=True):
            if not orcid:
                continue
            base = dt.date.fromisoformat(ret) if ret else dt.date(2015, 1, 1)
            for _ in range(int(rng.poisson(per_person))):
                k += 1
                d = base + dt.timedelta(days=int(rng.integers(-365, 1500)))
                fh.write(json.dumps({"id": f"https://openalex.org/W9{k:09d}", "doi": None,
                                     "publication_date": d.isoformat(), "publication_year": d.year,
                                     "title": "Synthetic work (test data)",
                                     "authorships": [{"author": {"orcid": f"https://orcid.org/{orcid}"}}]}) + "\n")
    return path
