"""Projection of a whole-year series a few years ahead, with prediction intervals.

A projection is not a published figure: every value it returns carries the ``projection`` flag
and the model that produced it, and tables and charts label it as such. The model is chosen by
AICc among a few exponential-smoothing (ETS) candidates fitted to the logarithm of the series,
so that intervals never go below zero and a fall of 30 % weighs the same at any level.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from talentflow.limits import max_horizon
from talentflow.stats.catalogue import Catalogue, load_catalogue
from talentflow.stats.indicators import consensus, find_period_mislabels, is_whole_year, persons, usable
from talentflow.stats.model import Observation
from talentflow.stats.results import IndicatorValue

#: (label, trend, damped) of the candidate models.
CANDIDATES = (
    ("ETS(A,N,N) on log", None, False),
    ("ETS(A,A,N) on log (Holt)", "add", False),
    ("ETS(A,Ad,N) on log (Holt damped)", "add", True),
)

MIN_YEARS = 8


class ProjectionError(ValueError):
    """The series is too short or broken to project."""


@dataclass
class ProjectedValue(IndicatorValue):
    """An IndicatorValue of a projected year, with its 80 % and 95 % prediction intervals."""

    lower80: float = math.nan
    upper80: float = math.nan
    lower95: float = math.nan
    upper95: float = math.nan
    model: str = ""
    aicc: dict[str, float] = field(default_factory=dict)


def whole_year_series(observations: list[Observation], indicator: str = "emigrants_permanent",
                      area: str = "KAZ", catalogue: Catalogue | None = None) -> dict[int, tuple[float, list[Observation]]]:
    """The longest run of consecutive whole years ending at the latest year, one value per year.

    Each year's value is the one most sources give (ties to the more precise figure); part-year,
    cumulative and period-mislabelled rows never enter."""
    cat = catalogue or load_catalogue()
    ids = cat.expand([indicator])
    obs = [o for o in observations if usable(o)]
    bad = {id(y) for y, _ in find_period_mislabels(obs, cat)}
    by_year: dict[int, list[Observation]] = defaultdict(list)
    for o in obs:
        if (o.indicator in ids and o.area == area and o.counterpart in (None, "", "WLD") and is_whole_year(o)
                and o.education == "_T" and o.age == "_T" and o.sex == "_T" and not o.specialty
                and not o.breakdown.strip().startswith(("partner_group", "settlement"))
                and persons(o) is not None and id(o) not in bad):
            by_year[o.year].append(o.model_copy(update={"value": persons(o)}))  # type: ignore[index]
    if not by_year:
        return {}
    years = sorted(by_year)
    run = [years[-1]]
    for y in reversed(years[:-1]):
        if y != run[0] - 1:
            break
        run.insert(0, y)
    return {y: consensus(by_year[y]) for y in run}


def project(observations: list[Observation], indicator: str = "emigrants_permanent", horizon: int = 5,
            area: str = "KAZ", catalogue: Catalogue | None = None) -> list[ProjectedValue]:
    """``horizon`` projected years of the whole-year series of ``indicator`` for ``area``."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    if horizon < 1:
        raise ProjectionError("the horizon must be at least one year")
    if horizon > max_horizon():
        raise ProjectionError(f"a horizon of {horizon} years is beyond the limit of {max_horizon()} "
                              "(raise it with TALENTFLOW_MAX_HORIZON)")
    series = whole_year_series(observations, indicator, area, catalogue)
    if len(series) < MIN_YEARS:
        raise ProjectionError(f"{indicator} for {area}: {len(series)} consecutive whole years, "
                              f"at least {MIN_YEARS} are needed to project")
    years = sorted(series)
    values = np.array([series[y][0] for y in years], dtype=float)
    if (values <= 0).any():
        raise ProjectionError(f"{indicator} for {area}: the series has zero or negative values")
    y = pd.Series(np.log(values), index=pd.period_range(str(years[0]), periods=len(years), freq="Y"))
    fits = {}
    for label, trend, damped in CANDIDATES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fits[label] = ETSModel(y, error="add", trend=trend, damped_trend=damped).fit(disp=False)
            except (ValueError, np.linalg.LinAlgError):
                continue
    if not fits:
        raise ProjectionError(f"{indicator} for {area}: no candidate model could be fitted")
    aicc = {label: float(r.aicc) for label, r in fits.items()}
    best = min(aicc, key=lambda k: aicc[k])
    res = fits[best]
    pred = res.get_prediction(start=len(y), end=len(y) + horizon - 1)
    f80 = pred.summary_frame(alpha=0.20)
    f95 = pred.summary_frame(alpha=0.05)
    inputs = [o for yr in years for o in series[yr][1]]
    span = f"{years[0]}-{years[-1]}"
    out = []
    for i in range(horizon):
        year = years[-1] + 1 + i
        note = (f"projection, not a published figure: {best} chosen by AICc among "
                f"{', '.join(aicc)}; fitted to whole years {span} (one value per year: the value most "
                "sources give); median of the back-transformed forecast")
        out.append(ProjectedValue(
            indicator=indicator, area=area, year=year, period="Y", value=float(np.exp(f80["mean"].iloc[i])),
            unit="persons", inputs=inputs, flags=["projection"], note=note,
            lower80=float(np.exp(f80["pi_lower"].iloc[i])), upper80=float(np.exp(f80["pi_upper"].iloc[i])),
            lower95=float(np.exp(f95["pi_lower"].iloc[i])), upper95=float(np.exp(f95["pi_upper"].iloc[i])),
            model=best, aicc=aicc))
    return out
