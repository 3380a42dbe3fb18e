"""Importer contract: every importer reads a small file in its real layout, and every kind of bad
input is refused with an error naming file, sheet, row and column, leaving the store as it was.

The shared parametrised tests below run over all importers (as scikit-learn's
``check_estimator`` runs over all estimators); format-specific behaviour follows."""

from __future__ import annotations

import copy
import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from talentflow.stats.countries import is_aggregate
from talentflow.stats.errors import DataImportError, UnknownCountryError
from talentflow.stats.importers import get_importer, guess_kind
from talentflow.stats.model import Observation
from talentflow.stats.store import open_store

Rows = list[list[Any]]


@dataclass
class Spec:
    """A small file in the real layout of one importer, and where to break it."""

    kind: str
    filename: str
    rows: Rows
    expected: int  # observations in the good file
    value_cell: tuple[int, int]  # (row, column) 0-based: a numeric cell
    country_cell: tuple[int, int]
    header_cell: tuple[int, int]  # a header cell the importer cannot do without
    dup_row: int  # a data row to repeat with another value
    country_error: type[Exception] = UnknownCountryError
    merges: list[str] = field(default_factory=list)
    mapping: dict | None = None
    extra_files: dict[str, Rows] = field(default_factory=dict)

    @property
    def is_xlsx(self) -> bool:
        return self.filename.endswith(".xlsx")


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([["" if c is None else c for c in r] for r in rows])


def write_xlsx(path: Path, rows: Rows, merges: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in rows:
        ws.append(r)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)


def make(spec: Spec, tmp: Path, rows: Rows | None = None) -> tuple[Path, Path | None]:
    path = tmp / spec.filename
    if spec.is_xlsx:
        write_xlsx(path, rows if rows is not None else spec.rows, spec.merges)
    else:
        write_csv(path, rows if rows is not None else spec.rows)
    for name, extra in spec.extra_files.items():
        write_csv(tmp / name, extra)
    mapping = None
    if spec.mapping is not None:
        mapping = tmp / "mapping.yaml"
        mapping.write_text(yaml.safe_dump(spec.mapping, allow_unicode=True), encoding="utf-8")
    return path, mapping


UIS = Spec(
    kind="uis", filename="MOB_DATA_NATIONAL.csv",
    rows=[
        ["INDICATOR_ID", "COUNTRY_ID", "YEAR", "VALUE", "MAGNITUDE", "QUALIFIER"],
        ["OE.5T8.40510", "KAZ", "2022", "94140", "", ""],
        ["MOR.5T8.40510", "KAZ", "2022", "13.5", "", "UIS_EST"],
        ["IE.5T8.40510", "TKM", "2022", "0", "NA", ""],
        ["OE.5T8.40510", "UZB", "2022", "", "", ""],
        ["XUNIT.1", "KGZ", "2021", "7", "", ""],
    ],
    expected=5, value_cell=(1, 3), country_cell=(2, 1), header_cell=(0, 3), dup_row=1,
    extra_files={"MOB_LABEL.csv": [["INDICATOR_ID", "INDICATOR_LABEL_EN"],
                                   ["OE.5T8.40510", "Total outbound internationally mobile tertiary students"]]},
)

SDMX = Spec(
    kind="sdmx", filename="flows.csv",
    rows=[
        ["DATAFLOW", "REF_AREA", "COUNTERPART_AREA", "SEX", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"],
        ["TEST:MIG_EMIG(1.0)", "KAZ", "RUS", "_T", "2023", "9876", "A"],
        ["TEST:MIG_EMIG(1.0)", "KAZ", "DEU", "_T", "2023-Q1", "321", "P"],
        ["TEST:MIG_EMIG(1.0)", "KAZ", "WLD", "F", "2023-S1", "", "C"],
    ],
    expected=3, value_cell=(1, 5), country_cell=(2, 2), header_cell=(0, 5), dup_row=1,
)

WDI = Spec(
    kind="wdi", filename="API_SM.POP.NETM_DS2_en_csv_v2_1.csv",
    rows=[
        ["Data Source", "World Development Indicators"],
        [],
        ["Last Updated Date", "2025-07-01"],
        [],
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2021", "2022", "2023"],
        ["Kazakhstan", "KAZ", "Net migration", "SM.POP.NETM", "-7155", "", "8004"],
        ["World", "WLD", "Net migration", "SM.POP.NETM", "0", "0", "0"],
        ["High income", "HIC", "Net migration", "SM.POP.NETM", "3100000", "", ""],
    ],
    expected=6, value_cell=(5, 6), country_cell=(6, 1), header_cell=(4, 1), dup_row=5,
)

UNDESA = Spec(
    kind="undesa", filename="undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx",
    rows=[
        ["International Migrant Stock 2020: Destination and origin"],
        ["United Nations, Department of Economic and Social Affairs, Population Division (2020)"],
        [],
        [None] * 8 + ["International migrant stock at mid-year (both sexes)", None,
                      "International migrant stock at mid-year (males)", None],
        ["Index", "Region, development group, country or area of destination", "Notes of destination",
         "Location code of destination", "Type of data of destination",
         "Region, development group, country or area of origin", "Notes of origin", "Location code of origin",
         2015, 2020, 2015, 2020],
        [1, "WORLD", None, 900, None, "WORLD", None, 900, 247958644, 280598105, 125000000, 146000000],
        [2, "Kazakhstan", None, 398, "B", "Russian Federation", None, 643, 2358000, 2285000, 1100000, 1060000],
        [3, "Kazakhstan", None, 398, "B", "Uzbekistan", None, 860, 310000, "..", 150000, ".."],
        [4, "Sub-Saharan Africa", None, 947, None, "Kazakhstan", None, 398, 10, 12, 5, 6],
        [],
        ["Note: .. data not available"],
    ],
    expected=14, value_cell=(6, 8), country_cell=(7, 7), header_cell=(4, 3), dup_row=6,
    country_error=DataImportError, merges=["I4:J4", "K4:L4"],
)

BNS_MAPPING = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "talentflow" / "data" / "mappings" / "bns-migration-by-country.yaml")
    .read_text(encoding="utf-8"))
BNS = Spec(
    kind="bns", filename="migration_by_country.xlsx",
    rows=[
        ["Внешняя миграция населения по странам"],
        ["человек"],
        [None, 2022, None, 2023, None],
        ["Страны", "прибыло", "выбыло", "прибыло", "выбыло"],
        ["Всего", 17183, 12900, 25387, 16094],
        ["СНГ", 14000, 9000, "20 100", "12 000,0"],
        ["Россия¹", 3100, 7000, 4200, 9000],
        ["Германия", "-", 900, 150, "..."],
        ["Другие страны", 120, "х", 300, 200],
        [],
        ["¹ Включая выбывших на учёбу"],
        ["Примечание: данные по постоянному месту жительства"],
    ],
    expected=19, value_cell=(6, 2), country_cell=(7, 0), header_cell=(3, 1), dup_row=6,
    merges=["B3:C3", "D3:E3"], mapping=BNS_MAPPING,
)

CSV = Spec(
    kind="csv", filename="figures.csv",
    rows=[
        ["indicator", "area", "counterpart", "year", "period", "value", "unit", "source_url", "quote", "flags"],
        ["emigrants_permanent", "Казахстан", "Россия", "2023", "Y", "9000", "persons", "https://stat.gov.kz", "9 000", ""],
        ["emigrants_permanent", "KAZ", "Германия", "2023", "Y", "2100", "persons", "https://stat.gov.kz", "2 100",
         "provisional"],
    ],
    expected=2, value_cell=(1, 5), country_cell=(2, 2), header_cell=(0, 5), dup_row=1,
)

XLSX = Spec(
    kind="xlsx", filename="students.xlsx",
    rows=[
        ["Страна назначения", "Год", "Студентов"],
        ["Россия", 2022, 65000],
        ["Кыргызстан", 2022, 3100],
        ["Турция", 2022, 2500],
    ],
    expected=3, value_cell=(1, 2), country_cell=(3, 0), header_cell=(0, 2), dup_row=1,
    mapping={"columns": {"counterpart": "Страна назначения", "year": "Год", "value": "Студентов"},
             "constants": {"indicator": "outbound_students", "area": "KAZ", "unit": "persons",
                           "source_name": "test table"}},
)

SPECS = [UIS, SDMX, WDI, UNDESA, BNS, CSV, XLSX]
IDS = [s.kind for s in SPECS]


def read_all(spec: Spec, path: Path, mapping: Path | None) -> list[tuple[Observation, Any]]:
    return list(get_importer(path, spec.kind, mapping=mapping).read(path))


def column_names(spec: Spec, col: int) -> set[str]:
    header = next(r for r in spec.rows if r and str(r[col] if col < len(r) else "") not in ("", "None"))
    names = {openpyxl.utils.get_column_letter(col + 1)}
    for r in spec.rows:
        if col < len(r) and r[col] not in (None, "") and isinstance(r[col], str):
            names.add(r[col])
    names.add(str(header[col]))
    return names


# --- the shared contract -------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_reads_good_file(spec: Spec, tmp_path: Path) -> None:
    path, mapping = make(spec, tmp_path)
    records = read_all(spec, path, mapping)
    assert len(records) == spec.expected
    for obs, where in records:
        assert isinstance(obs, Observation)
        assert where.file == str(path) and where.row is not None
        assert obs.area and (obs.value is not None or obs.flags), obs
        assert obs.quote, "every observation carries the text it was read from"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_kind_is_guessed(spec: Spec, tmp_path: Path) -> None:
    path, mapping = make(spec, tmp_path)
    assert guess_kind(path, mapping) == spec.kind


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_import_twice_changes_nothing(spec: Spec, tmp_path: Path) -> None:
    path, mapping = make(spec, tmp_path)
    store = open_store(tmp_path / "s.sqlite")
    first = store.import_file(path, spec.kind, mapping=mapping)
    before = store.checksum()
    second = store.import_file(path, spec.kind, mapping=mapping)
    assert first.new == spec.expected and second.new == 0 and second.unchanged == spec.expected
    assert store.checksum() == before


def _broken(spec: Spec, how: str) -> tuple[Rows, int, int | None]:
    rows = copy.deepcopy(spec.rows)
    if how == "text_in_number":
        r, c = spec.value_cell
        rows[r][c] = "12a4"
    elif how == "unknown_country":
        r, c = spec.country_cell
        rows[r][c] = "Atlantis-XX"
    elif how == "missing_header":
        r, c = spec.header_cell
        if spec.kind == "bns":
            rows[r] = [rows[r][0]] + ["итого"] * (len(rows[r]) - 1)
        else:
            rows[r][c] = "something else"
        return rows, r, None
    elif how == "duplicate_conflict":
        dup = copy.deepcopy(rows[spec.dup_row])
        r, c = spec.value_cell
        dup[c] = 1 + (dup[c] if isinstance(dup[c], int | float) else float(str(dup[c]).replace(" ", "") or 0))
        rows.insert(spec.dup_row + 1, dup)
        return rows, spec.dup_row + 1, spec.value_cell[1]
    return rows, r, c


CASES = ["text_in_number", "unknown_country", "missing_header", "duplicate_conflict"]


@pytest.mark.parametrize("how", CASES)
@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_bad_input_is_located_and_store_unchanged(spec: Spec, how: str, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    store.import_observations([Observation(indicator="x", area="KAZ", value=1, quote="1")], "seed")
    before, count = store.checksum(), store.count()
    rows, r, c = _broken(spec, how)
    path, mapping = make(spec, tmp_path, rows)
    expected = spec.country_error if how == "unknown_country" else DataImportError
    with pytest.raises(expected) as info:
        store.import_file(path, spec.kind, mapping=mapping)
    err = info.value
    assert err.file == str(path), err
    if how == "duplicate_conflict":
        assert err.row == r + 1 and f"row {spec.dup_row + 1}" in str(err), err
    elif how != "missing_header" or spec.kind not in ("bns", "undesa"):  # these two search for their header
        assert err.row == r + 1, err
    if c is not None and how != "duplicate_conflict":
        assert err.column in column_names(spec, c), err
    if spec.is_xlsx and how != "missing_header":
        assert err.sheet == "Data", err
    assert store.checksum() == before and store.count() == count


@pytest.mark.parametrize("spec", [s for s in SPECS if s.is_xlsx], ids=[s.kind for s in SPECS if s.is_xlsx])
@pytest.mark.parametrize("how", ["truncated", "password", "not_excel"])
def test_damaged_workbooks(spec: Spec, how: str, tmp_path: Path) -> None:
    path, mapping = make(spec, tmp_path)
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "password":  # encrypted OOXML is an OLE2 compound file
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage")
    else:
        path.write_bytes("Страна;Год\nРоссия;2022\n".encode())
    store = open_store(tmp_path / "s.sqlite")
    before = store.checksum()
    with pytest.raises(DataImportError) as info:
        store.import_file(path, spec.kind, mapping=mapping)
    assert info.value.file == str(path)
    if how == "password":
        assert "password" in str(info.value)
    assert store.checksum() == before and store.count() == 0


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.is_xlsx], ids=[s.kind for s in SPECS if not s.is_xlsx])
def test_wrong_encoding_is_located(spec: Spec, tmp_path: Path) -> None:
    rows = copy.deepcopy(spec.rows)
    r, c = spec.country_cell
    rows[r][c] = "Казахстан"
    path = tmp_path / spec.filename
    write_csv(path, rows, encoding="cp1251")
    store = open_store(tmp_path / "s.sqlite")
    with pytest.raises(DataImportError) as info:
        store.import_file(path, spec.kind)
    err = info.value
    first = next(i for i, row in enumerate(rows) if any(not str(x).isascii() for x in row))
    col = next(j for j, x in enumerate(rows[first]) if not str(x).isascii())
    header = next(row for row in rows if len(row) > col and row[col] and str(row[0]) not in ("Data Source",
                                                                                           "Last Updated Date"))
    assert err.file == str(path) and err.row == first + 1 and err.column == header[col]
    assert "UTF-8" in str(err)
    assert store.count() == 0


# --- format specifics ----------------------------------------------------------------------


def _by(records, **want):
    return [o for o, _ in records if all(getattr(o, k) == v for k, v in want.items())]


def test_uis_magnitude_and_qualifier(tmp_path: Path) -> None:
    path, _ = make(UIS, tmp_path)
    recs = read_all(UIS, path, None)
    (na,) = _by(recs, area="TKM")
    assert na.indicator == "inbound_students" and na.value is None and na.flags == ["not_applicable"]
    (sup,) = _by(recs, area="UZB")
    assert sup.value is None and sup.flags == ["suppressed"]
    (ratio,) = _by(recs, indicator="outbound_mobility_ratio")
    assert ratio.value == 13.5 and "estimated" in ratio.flags and ratio.unit == "percent"
    (out,) = _by(recs, indicator="outbound_students", area="KAZ")
    assert out.value == 94140 and out.education == "ED5T8" and "Total outbound" in out.source_table
    assert _by(recs, indicator="xunit.1")  # unknown codes kept as their own indicator


def test_sdmx_periods_and_status(tmp_path: Path) -> None:
    path, _ = make(SDMX, tmp_path)
    recs = read_all(SDMX, path, None)
    (q1,) = _by(recs, counterpart="DEU")
    assert (q1.year, q1.period, q1.flags, q1.indicator) == (2023, "Q1", ["provisional"], "mig_emig")
    (h1,) = _by(recs, counterpart="WLD")
    assert h1.period == "H1" and h1.sex == "F" and h1.value is None and h1.flags == ["suppressed"]


def test_sdmx_ml_generic_data(tmp_path: Path) -> None:
    path = tmp_path / "flows.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
 xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
<message:Header><message:ID>T1</message:ID><message:Test>false</message:Test>
<message:Prepared>2024-01-01T00:00:00</message:Prepared><message:Sender id="TEST"/>
<message:Structure structureID="MIG" dimensionAtObservation="TIME_PERIOD"><common:Structure>
<Ref agencyID="TEST" id="MIG" version="1.0"/></common:Structure></message:Structure></message:Header>
<message:DataSet structureRef="MIG"><generic:Series><generic:SeriesKey>
<generic:Value id="REF_AREA" value="KAZ"/><generic:Value id="PARTNER" value="RU"/>
<generic:Value id="INDICATOR" value="EMIGRANTS"/></generic:SeriesKey>
<generic:Obs><generic:ObsDimension value="2022"/><generic:ObsValue value="9000"/>
<generic:Attributes><generic:Value id="OBS_STATUS" value="E"/></generic:Attributes></generic:Obs>
<generic:Obs><generic:ObsDimension value="2023"/><generic:ObsValue value="8000"/></generic:Obs>
</generic:Series></message:DataSet></message:GenericData>""", encoding="utf-8")
    assert guess_kind(path) == "sdmx"
    recs = list(get_importer(path).read(path))
    assert [(o.year, o.value, o.counterpart, o.flags) for o, _ in recs] == [
        (2022, 9000.0, "RUS", ["estimated"]), (2023, 8000.0, "RUS", [])]


def test_sdmx_dimension_mapping(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, [["STRUCTURE_ID", "COUNTRY", "DEST", "TIME_PERIOD", "OBS_VALUE"],
                     ["ESTAT:X(1.0)", "KZ", "DE", "2020", "5"]])
    mapping = {"dimensions": {"COUNTRY": "area", "DEST": "counterpart"}, "indicator": "emigrants_permanent"}
    (rec,) = list(get_importer(path, "sdmx", mapping=mapping).read(path))
    assert (rec[0].area, rec[0].counterpart, rec[0].indicator) == ("KAZ", "DEU", "emigrants_permanent")


def test_wdi_aggregates_and_missing(tmp_path: Path) -> None:
    path, _ = make(WDI, tmp_path)
    recs = read_all(WDI, path, None)
    kaz = _by(recs, area="KAZ")
    assert [(o.year, o.value) for o in kaz] == [(2021, -7155.0), (2023, 8004.0)]  # empty 2022 = missing
    assert kaz[0].indicator == "net_migration" and kaz[0].source_url.endswith("SM.POP.NETM")
    assert is_aggregate("HIC") and is_aggregate("WLD") and not is_aggregate("KAZ")


def test_undesa_codes_sexes_and_aggregates(tmp_path: Path) -> None:
    path, _ = make(UNDESA, tmp_path)
    recs = read_all(UNDESA, path, None)
    rus = _by(recs, area="KAZ", counterpart="RUS")
    assert {(o.year, o.sex, o.value) for o in rus} == {
        (2015, "_T", 2358000), (2020, "_T", 2285000), (2015, "M", 1100000), (2020, "M", 1060000)}
    assert {o.year for o in _by(recs, counterpart="UZB")} == {2015}  # ".." is no figure
    ssa = _by(recs, counterpart="KAZ")
    assert ssa and all(o.area == "UN947" and is_aggregate(o.area) for o in ssa)
    assert all(is_aggregate(o.area) for o in _by(recs, counterpart="WLD"))


def test_bns_merged_headers_footnotes_and_marks(tmp_path: Path) -> None:
    path, mapping = make(BNS, tmp_path)
    recs = read_all(BNS, path, mapping)
    rus = {(o.indicator, o.year): o.value for o in _by(recs, counterpart="RUS")}
    assert rus == {("immigrants_permanent", 2022): 3100, ("emigrants_permanent", 2022): 7000,
                   ("immigrants_permanent", 2023): 4200, ("emigrants_permanent", 2023): 9000}
    cis = {(o.indicator, o.year): o.value for o in _by(recs, counterpart="CIS")}
    assert cis[("immigrants_permanent", 2023)] == 20100 and cis[("emigrants_permanent", 2023)] == 12000
    deu = {(o.indicator, o.year): o.value for o in _by(recs, counterpart="DEU")}
    assert deu[("immigrants_permanent", 2022)] == 0  # "-": no cases
    assert ("emigrants_permanent", 2023) not in deu  # "...": no data
    (na,) = [o for o in _by(recs, counterpart="OTH") if o.year == 2022 and o.indicator == "emigrants_permanent"]
    assert na.value is None and na.flags == ["not_applicable"]
    assert all(o.area == "KAZ" and o.source_url.startswith("https://stat.gov.kz") for o, _ in recs)
    assert is_aggregate("CIS") and is_aggregate("OTH")


def test_store_rejects_whole_file_on_late_error(tmp_path: Path) -> None:
    """A bad cell in the last row: none of the good rows before it may reach the store."""
    rows = copy.deepcopy(CSV.rows) + [["emigrants_permanent", "KAZ", "USA", "2023", "Y", "n/a?", "persons",
                                        "https://stat.gov.kz", "x", ""]]
    path, _ = make(CSV, tmp_path, rows)
    store = open_store(tmp_path / "s.sqlite")
    with pytest.raises(DataImportError, match="row 4"):
        store.import_file(path)
    assert store.count() == 0 and store.datasets() == []


def test_unknown_kind_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataImportError, match="file not found"):
        guess_kind(tmp_path / "nope.csv")
    path, _ = make(CSV, tmp_path)
    with pytest.raises(DataImportError, match="unknown kind"):
        get_importer(path, "parquet")



def test_bns_education_rows_through_labels(tmp_path: Path) -> None:
    """Row labels that are not countries (education levels) are mapped by the 'labels' table;
    an unmapped label is kept as written, never dropped."""
    path = tmp_path / "edu.xlsx"
    write_xlsx(path, [
        ["Эмигранты в возрасте 15 лет и старше по уровню образования"],
        [None, "2023", None],
        ["Образование", "человек", "в % к итогу"],
        ["Высшее", 2801, 17.4],
        ["Среднее профессиональное", 5533, 34.4],
        ["Послевузовское", 12, 0.1],
        ["Примечание: по данным БНС"],
    ], ["B2:C2"])
    mapping = {
        "header_rows": [2, 3], "label_column": "A", "label_field": "education",
        "labels": {"Высшее": "ED5T8", "Среднее профессиональное": "ED35"},
        "columns": {"человек": {"unit": "persons"}, "в % к итогу": {"unit": "percent"}},
        "constants": {"indicator": "emigrants_permanent", "area": "KAZ", "counterpart": "WLD", "age": "Y_GE15"},
    }
    recs = list(get_importer(path, "bns", mapping=mapping).read(path))
    got = {(o.education, o.unit): o.value for o, _ in recs}
    assert got == {("ED5T8", "persons"): 2801, ("ED5T8", "percent"): 17.4, ("ED35", "persons"): 5533,
                   ("ED35", "percent"): 34.4, ("Послевузовское", "persons"): 12, ("Послевузовское", "percent"): 0.1}
    assert all(o.year == 2023 and o.age == "Y_GE15" for o, _ in recs)


def test_broken_sdmx_ml(tmp_path: Path) -> None:
    path = tmp_path / "flows.xml"
    path.write_text("<?xml version='1.0'?><message:GenericData xmlns:message='x'><unclosed>", encoding="utf-8")
    store = open_store(tmp_path / "s.sqlite")
    with pytest.raises(DataImportError) as info:
        store.import_file(path, "sdmx")
    assert info.value.file == str(path) and store.count() == 0


def test_wdi_databank_export_layout(tmp_path: Path) -> None:
    """DataBank's export: 'YYYY [YRYYYY]' year columns, '..' for missing, notes at the end."""
    from talentflow.stats.importers import get_importer

    f = tmp_path / "Data_Extract_From_World_Development_Indicators.csv"
    f.write_text(
        "Country Name,Country Code,Series Name,Series Code,2019 [YR2019],2020 [YR2020]\n"
        "Kazakhstan,KAZ,Net migration,SM.POP.NETM,-18000,..\n"
        "Europe & Central Asia,ECS,Net migration,SM.POP.NETM,1200000,1100000\n"
        ",,,,,\n"
        "Data from database: World Development Indicators,,,,,\n"
        "Last Updated: 07/01/2025,,,,,\n",
        encoding="utf-8",
    )
    records = list(get_importer(f, None, None).read(f))
    got = [(o.indicator, o.area, o.year, o.value) for o, _ in records]
    assert ("net_migration", "KAZ", 2019, -18000.0) in got
    assert all(not (a == "KAZ" and y == 2020) for _, a, y, _ in got)  # '..' is missing, not zero
    assert len(got) == 3
