"""Country resolution from Russian, Kazakh and English names; aggregates kept apart."""

from __future__ import annotations

import csv

import pycountry
import pytest

from talentflow.stats.countries import ALIASES_FILE, from_m49, is_aggregate, resolve_country
from talentflow.stats.errors import UnknownCountryError

NAMES = {
    "RUS": ["РФ", "Россия", "Российская Федерация", "Ресей", "Russian Federation", "russia"],
    "KGZ": ["Кыргызстан", "Кыргызская Республика", "Қырғызстан", "Киргизия", "Kyrgyz Republic"],
    "DEU": ["Германия", "ФРГ", "Germany"],
    "TUR": ["Түркия", "Турецкая Республика", "Турция", "Türkiye", "Turkey"],
    "USA": ["США", "АҚШ", "Соединённые Штаты Америки", "Соединенные Штаты Америки", "United States"],
    "KOR": ["Корея", "Южная Корея", "Korea, Rep.", "Republic of Korea"],
    "CHN": ["Китай", "КНР", "Қытай", "China"],
    "UZB": ["Узбекистан", "Өзбекстан", "Uzbekistan"],
    "BLR": ["Беларусь", "Белоруссия", "Belarus"],
    "KAZ": ["Казахстан", "Қазақстан", "Kazakhstan", "KAZ", "KZ", " казахстан "],
    "GBR": ["Великобритания", "Ұлыбритания", "United Kingdom"],
}


@pytest.mark.parametrize(("iso", "name"), [(iso, n) for iso, names in NAMES.items() for n in names])
def test_names_resolve(iso: str, name: str) -> None:
    assert resolve_country(name) == iso
    assert not is_aggregate(iso)


CIS_EAEU = ["AZE", "ARM", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UZB", "UKR", "GEO"]


def test_alias_table_covers_cis_and_eaeu_in_three_languages() -> None:
    with ALIASES_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for iso in CIS_EAEU:
        langs = {r["language"] for r in rows if r["iso3"] == iso}
        assert langs == {"ru", "kk", "en"}, iso
    for r in rows:
        if r["kind"] == "country":
            assert pycountry.countries.get(alpha_3=r["iso3"]) or r["iso3"] == "XKX", r


@pytest.mark.parametrize(("name", "code"), [
    ("World", "WLD"), ("Мир", "WLD"), ("Страны СНГ", "CIS"), ("СНГ", "CIS"), ("ТМД елдері", "CIS"),
    ("Other countries", "OTH"), ("Другие страны", "OTH"), ("European Union", "EUU"), ("ЕАЭС", "EAEU"),
    ("High income", "HIC"), ("Sub-Saharan Africa", "UN947"), ("Страны дальнего зарубежья", "NCIS"),
])
def test_aggregates_are_flagged(name: str, code: str) -> None:
    assert resolve_country(name) == code
    assert is_aggregate(code)


def test_m49_codes() -> None:
    assert from_m49(398) == "KAZ" and from_m49("643") == "RUS" and from_m49(900) == "WLD"
    assert from_m49(1829) == "UN1829" and is_aggregate("UN1829")
    assert not is_aggregate(from_m49(860))


def test_unknown_name_is_an_error_with_its_place() -> None:
    with pytest.raises(UnknownCountryError) as info:
        resolve_country("Атлантида", file="t.xlsx", sheet="1", row=7, column="A")
    err = info.value
    assert (err.file, err.sheet, err.row, err.column, err.name) == ("t.xlsx", "1", 7, "A", "Атлантида")
    assert "t.xlsx" in str(err) and "row 7" in str(err)
    with pytest.raises(UnknownCountryError):
        resolve_country("")
