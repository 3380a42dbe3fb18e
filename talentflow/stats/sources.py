"""Source authority: who published a figure, and how much weight it can carry.

Every source of the data package has one of seven tiers, best first. The tier travels with the
source (the ``sources`` resource of the package, ``data-sources/sources.csv`` in the repository),
not with each figure: the observations are joined to it by URL here, in Python, so the store's
schema does not change. Indicators and consensus values prefer the highest tier; a figure that
only the lowest tier gives is flagged and kept out of key findings (:func:`lowest_tier_only`).

A source the table does not list (a user's own import) gets the tier :func:`guess_tier` infers
from its address and its name; the table's ``basis`` column says why each listed source has
its tier.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from talentflow.stats.model import Observation

#: The tiers, best first. ``tier_rank`` is the position (0 = best).
TIERS: tuple[str, ...] = (
    "official_statistics",
    "government",
    "international_organisation",
    "peer_reviewed",
    "media_citing_official",
    "other_media",
    "forum_blog",
)

#: The lowest tier: a figure only it gives is flagged and never a key finding.
LOWEST_TIER = TIERS[-1]

TIER_LABELS: dict[str, dict[str, str]] = {
    "official_statistics": {"en": "official statistics", "ru": "официальная статистика",
                            "kk": "ресми статистика"},
    "government": {"en": "government", "ru": "государственный орган", "kk": "мемлекеттік орган"},
    "international_organisation": {"en": "international organisation", "ru": "международная организация",
                                   "kk": "халықаралық ұйым"},
    "peer_reviewed": {"en": "peer-reviewed publication", "ru": "рецензируемое издание",
                      "kk": "рецензияланатын басылым"},
    "media_citing_official": {"en": "media citing an official source",
                              "ru": "СМИ со ссылкой на официальный источник",
                              "kk": "ресми дереккөзге сілтеме жасаған БАҚ"},
    "other_media": {"en": "other media", "ru": "прочие СМИ", "kk": "басқа БАҚ"},
    "forum_blog": {"en": "forum, blog or repost", "ru": "форум, блог или перепечатка",
                   "kk": "форум, блог немесе көшірме"},
}

#: Where the shipped source table lives inside the data package.
SOURCES_FILE = "sources.csv"
SOURCE_COLUMNS = ("url", "title", "tier", "basis")


@dataclass(frozen=True)
class Source:
    """One publication: its address, who published it, its tier and why."""

    url: str
    title: str
    tier: str
    basis: str = ""

    @property
    def rank(self) -> int:
        return tier_rank(self.tier)


def tier_rank(tier: str) -> int:
    """0 for official statistics … 6 for a forum or blog; unknown tiers rank below all."""
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def tier_label(tier: str, lang: str = "en") -> str:
    """The tier in words, in ``lang`` (ru, kk, en)."""
    labels = TIER_LABELS.get(tier)
    return labels.get(lang, labels["en"]) if labels else tier


# --- inferring a tier (for sources the table does not list, and to pre-fill new rows) ----------

_OFFICIAL_STATISTICS_HOSTS = (
    "stat.gov.kz", "stat.gov.kg", "stat.uz", "destatis.de", "gso.gov.vn", "stats.gov.cn",
    "rosstat.gov.ru", "gks.ru", "ons.gov.uk", "census.gov",
)
_INTERNATIONAL_HOSTS = (
    "unesco.org", "uis.unesco.org", "un.org", "worldbank.org", "unfpa.org", "iom.int", "oecd.org",
    "ilo.org", "imf.org", "eaeunion.org",
)
_PEER_REVIEWED_HOSTS = ("doi.org", "mdpi.com", "accesson.kr", "sciencedirect.com", "springer.com",
                        "tandfonline.com", "wiley.com", "jstor.org", "science.org", "nature.com")
_FORUM_HOSTS = (
    "glav.su", "dzen.ru", "myshared.ru", "podam.pl", "gas-weld.ru", "wikimili.com", "friendlywiki.com",
    "niidae.com", "onul.works", "studylib.net", "vdocuments.mx", "rentsobe.com", "engime.org",
    "govinfo.me", "thewfy.com", "handofmoscow.com", "k12academics.com", "blumble.com", "livejournal.com",
    "pikabu.ru", "reddit.com", "medium.com", "blogspot.com", "wordpress.com", "telegra.ph",
)
_GOVERNMENT_HOST = re.compile(r"(^|\.)(gov|gouv|go)\.[a-z]{2}$|(^|\.)gov(\.[a-z]{2})?$|\.gov\.|(^|\.)gov\.cn$")
#: Words in a source's name that show it cites an official body (statistics office, ministry,
#: head of state or government, public agency or international organisation).
_OFFICIAL_CITED = re.compile(
    r"\b(BNS|Bureau of National Statistics|Statistic\w*|Ministry|Minist\w+|MVD|MTSZN|MES|MoET|MEA|DST|"
    r"Rosstat|Destatis|GSO|NBS|UNESCO|UIS|UN DESA|Center for International Programs|CIP|President|"
    r"Prime Minister|PM|Deputy PM|State Secretary|Ambassador|Academy of Sciences|NAS|Science Committee|"
    r"Lok Sabha|Rajya Sabha|State Administration|Organization Department|NRF|official \w+|Agency|Committee|"
    r"Embassy|government|Finprom|Ranking\.kz|Energyprom|First Credit Bureau)\b", re.I)


def _host(url: str) -> str:
    try:
        return (urlparse(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _on(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def guess_tier(url: str | None, name: str = "") -> tuple[str, str]:
    """``(tier, basis)`` inferred from a source's address and name: the publisher's domain
    first (statistics office, government, international organisation, journal, forum), then
    whether a news item names an official source ("… citing BNS")."""
    host = _host(url or "")
    if not host:
        return LOWEST_TIER, "no address: the figure cannot be traced to its publisher"
    if _on(host, _FORUM_HOSTS) or re.search(r"\b(forum|blog|wiki|mirror|repost|aggregator)\b", name, re.I):
        return "forum_blog", f"{host}: forum, blog, wiki copy or repost"
    if _on(host, _OFFICIAL_STATISTICS_HOSTS):
        return "official_statistics", f"{host}: national statistics office"
    if _on(host, _INTERNATIONAL_HOSTS):
        return "international_organisation", f"{host}: international organisation"
    if _on(host, _PEER_REVIEWED_HOSTS):
        return "peer_reviewed", f"{host}: peer-reviewed journal"
    if _GOVERNMENT_HOST.search(host):
        return "government", f"{host}: government domain"
    cited = name.partition(" citing ")[2] if " citing " in name else ""
    if cited and _OFFICIAL_CITED.search(cited):
        return "media_citing_official", f"{host}: names an official source ({cited[:80]})"
    return "other_media", f"{host}: media item naming no official source"


# --- the table -------------------------------------------------------------------------------


def read_sources(file: Path) -> dict[str, Source]:
    """The source table of a package (``sources.csv``), by URL; a bad tier is an error naming
    the file, row and column."""
    from talentflow.stats.errors import DataImportError

    text = Path(file).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataImportError(f"missing column(s) {', '.join(missing)}", file=str(file), row=1)
    out: dict[str, Source] = {}
    for row in reader:
        tier = (row.get("tier") or "").strip()
        if tier not in TIERS:
            raise DataImportError(f"unknown tier {tier!r}; tiers: {', '.join(TIERS)}",
                                  file=str(file), row=reader.line_num, column="tier")
        url = (row.get("url") or "").strip()
        if not url:
            raise DataImportError("empty cell", file=str(file), row=reader.line_num, column="url")
        out[url] = Source(url=url, title=(row.get("title") or "").strip(), tier=tier,
                          basis=(row.get("basis") or "").strip())
    return out


@lru_cache(maxsize=8)
def _shipped(path: str) -> Mapping[str, Source]:
    file = Path(path)
    return read_sources(file) if file.is_file() else {}


def shipped_sources(package: Path | None = None) -> Mapping[str, Source]:
    """The source table of the shipped data package (or of ``package``), by URL."""
    from talentflow.stats.package import SHIPPED_PACKAGE

    return _shipped(str(Path(package or SHIPPED_PACKAGE) / SOURCES_FILE))


def source_of(o: Observation, table: Mapping[str, Source] | None = None) -> Source:
    """The source of an observation with its tier: from the table when listed, else inferred."""
    table = shipped_sources() if table is None else table
    url = o.source_url or ""
    listed = table.get(url)
    if listed is not None:
        return listed
    tier, basis = guess_tier(url, o.source_name)
    return Source(url=url, title=o.source_name or url, tier=tier, basis=f"inferred: {basis}")


def tier_of(o: Observation, table: Mapping[str, Source] | None = None) -> str:
    """The authority tier of the observation's source (see :data:`TIERS`)."""
    return source_of(o, table).tier


def best_tier(obs: Iterable[Observation], table: Mapping[str, Source] | None = None) -> str:
    """The highest tier among ``obs`` (the lowest tier when there are none)."""
    ranks = [tier_rank(tier_of(o, table)) for o in obs]
    return TIERS[min(ranks)] if ranks and min(ranks) < len(TIERS) else LOWEST_TIER


def lowest_tier_only(obs: Iterable[Observation], table: Mapping[str, Source] | None = None) -> bool:
    """True when every figure in ``obs`` comes from the lowest tier (forum, blog, repost): such
    a value is shown flagged and never used as a key finding."""
    items = list(obs)
    return bool(items) and all(tier_of(o, table) == LOWEST_TIER for o in items)


def tier_counts(table: Mapping[str, Source] | None = None) -> dict[str, int]:
    """How many sources each tier has, best first (the distribution reported in the docs)."""
    table = shipped_sources() if table is None else table
    counts = {t: 0 for t in TIERS}
    for s in table.values():
        counts[s.tier] = counts.get(s.tier, 0) + 1
    return counts
