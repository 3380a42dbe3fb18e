"""Importing participant files: the template with no mapping, refusals with file/row/column and
the store unchanged, idempotence, corrections, warnings, mappings with Russian headers, xlsx."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from talentflow.monitor import open_registry, schema
from talentflow.monitor.issues import RegistryImportError

from .conftest import bad_check, checksum, make_iin, write

A = make_iin("950315", 3, 1)
B = make_iin("960101", 4, 1)
C = make_iin("010203", 5, 1)


def base_records() -> list[dict]:
    return [
        {"person_id": A, "programme": "BOLASHAK", "cohort": 2015, "level": "master", "field": "0613",
         "host_country": "United Kingdom", "start_date": "2015-09-01", "graduation_date": "2017-06-30",
         "status": "graduated", "return_date": "2017-08-01", "obligation_months": 60,
         "obligation_status": "fulfilled", "employment_start": "2017-09-01", "employment_sector": "public",
         "employment_region": "Astana", "orcid": "0000-0002-1825-0097"},
        {"person_id": B, "programme": "BOLASHAK", "cohort": 2016, "level": "phd", "field": "Economics",
         "host_country": "США", "start_date": "2016-09-01", "graduation_date": "2020-06-30",
         "status": "graduated", "obligation_months": 60, "obligation_status": "breach"},
        {"person_id": C, "programme": "BOLASHAK", "cohort": 2022, "level": "bachelor", "host_country": "DEU",
         "start_date": "2022-09-01", "status": "studying"},
    ]


@pytest.fixture
def reg(store_url, tmp_path):
    """A registry on SQLite and on PostgreSQL (when the test server is there; see tests/conftest.py)."""
    with open_registry(store_url) as r:
        yield r


def test_template_imports_without_mapping(reg, tmp_path):
    res = reg.import_file(write(tmp_path / "p.csv", base_records()))
    assert (res.rows, res.new, res.updated, res.unchanged) == (3, 3, 0, 0)
    info = reg.info()
    assert info["participants"] == 3 and info["awards"] == 3
    with reg.engine.connect() as conn:
        hosts = sorted(conn.execute(sa.select(schema.award.c.host_country)).scalars())
        kinds = sorted(conn.execute(sa.select(schema.event.c.kind)).scalars())
        rows = set(conn.execute(sa.select(schema.event.c.source_row)).scalars())
    assert hosts == ["DEU", "GBR", "USA"]
    assert kinds == sorted(["departure", "graduation", "return", "employment_start", "obligation_fulfilled",
                            "departure", "graduation", "obligation_breach", "departure"])
    assert rows == {2, 3, 4}  # each event names the spreadsheet row it came from


def test_one_id_written_two_ways_is_one_person(reg, tmp_path):
    """An operator's file may write an IIN with spaces or dashes in one row and plain in another:
    one person (one pseudonym) with two awards, and the same person in the next file."""
    records = base_records()
    spaced = {**records[0], "person_id": f" {A[:6]} {A[6:]} ", "cohort": 2019, "level": "phd"}
    dashed = {**records[1], "person_id": f"{B[:6]}-{B[6:]}"}
    res = reg.import_file(write(tmp_path / "p.csv", [spaced, *records, dashed]))
    assert (res.new, res.people_new) == (4, 3)  # the dashed row repeats B's award: a duplicate warning
    assert reg.info()["participants"] == 3
    again = reg.import_file(write(tmp_path / "q.csv", [{**records[2], "person_id": f"{C[:4]} {C[4:]}", "cohort": 2023}]))
    assert (again.new, again.people_new) == (1, 0)


def test_xlsx_template_imports(reg, tmp_path):
    res = reg.import_file(write(tmp_path / "p.xlsx", base_records()))
    assert res.new == 3


@pytest.mark.parametrize(("change", "row", "column", "words"), [
    ({"person_id": bad_check(B)}, 3, "person_id", "check digit"),
    ({"return_date": "2020-06-01"}, 3, "return_date", "before the graduation date"),
    ({"host_country": "Atlantis"}, 3, "host_country", "unknown country"),
    ({"programme": "NOPE"}, 3, "programme", "unknown programme"),
    ({"graduation_date": "2015-01-01"}, 3, "graduation_date", "before the start date"),
    ({"exit_date": "2019-01-01"}, 3, "exit_date", "no return date"),
    ({"level": "doctor"}, 3, "level", "not one of"),
    ({"start_date": "2016-13-01"}, 3, "start_date", "not a date"),
])
def test_errors_refuse_the_file_and_leave_the_store_unchanged(reg, tmp_path, change, row, column, words):
    reg.import_file(write(tmp_path / "ok.csv", base_records()))
    before = checksum(reg.engine)
    records = base_records()
    records[1].update(change)
    path = write(tmp_path / "bad.csv", records)
    with pytest.raises(RegistryImportError) as info:
        reg.import_file(path)
    issue = info.value.first
    assert (issue.file, issue.row, issue.column) == (str(path), row, column)
    assert words in issue.reason()
    text = str(info.value)
    assert f"row {row}" in text and f"column '{column}'" in text
    assert bad_check(B) not in text and B not in text  # never the id itself
    assert checksum(reg.engine) == before


def test_error_on_a_new_file_writes_nothing(reg, tmp_path):
    records = base_records()
    records[2]["host_country"] = "Narnia"
    before = checksum(reg.engine)
    with pytest.raises(RegistryImportError):
        reg.import_file(write(tmp_path / "bad.csv", records))
    assert checksum(reg.engine) == before
    assert reg.info()["participants"] == 0


def test_messages_in_russian_and_kazakh(reg, tmp_path):
    records = base_records()
    records[1]["return_date"] = "2020-06-01"
    with pytest.raises(RegistryImportError) as info:
        reg.import_file(write(tmp_path / "bad.csv", records))
    assert "дата возвращения раньше даты окончания" in info.value.first.reason("ru")
    assert "оралу күні бітіру күнінен ерте" in info.value.first.reason("kk")


def test_same_file_twice_adds_nothing(reg, tmp_path):
    path = write(tmp_path / "p.csv", base_records())
    reg.import_file(path)
    before = checksum(reg.engine)
    res = reg.import_file(path)
    assert (res.new, res.updated, res.unchanged) == (0, 0, 3)
    assert checksum(reg.engine) == before


def test_corrected_file_updates_and_says_what_changed(reg, tmp_path):
    reg.import_file(write(tmp_path / "p.csv", base_records()))
    records = base_records()
    records[1]["return_date"] = "2021-01-15"
    records[1]["obligation_status"] = "in_progress"
    res = reg.import_file(write(tmp_path / "p2.csv", records))
    assert (res.new, res.updated, res.unchanged) == (0, 1, 2)
    assert res.changes == {"return_date": 1, "obligation_status": 1}
    with reg.engine.connect() as conn:
        kinds = sorted(conn.execute(sa.select(schema.event.c.kind).join(schema.award).where(
            schema.award.c.cohort == 2016)).scalars())
    assert kinds == ["departure", "graduation", "return"]
    assert reg.info()["imports"][-1]["changes"] == "obligation_status 1; return_date 1"


def test_warnings_are_stored_and_listed(reg, tmp_path):
    records = base_records()
    records[0]["employment_start"] = "2017-07-01"  # before the return: a warning
    records.append(dict(records[2]))  # an identical duplicate row: a warning
    res = reg.import_file(write(tmp_path / "p.csv", records))
    assert res.new == 3
    rules = sorted(w["rule"] for w in reg.info()["warnings"])
    assert rules == ["duplicate_row", "employment_before_return"]


def test_conflicting_duplicate_is_an_error(reg, tmp_path):
    records = base_records()
    records.append({**records[2], "level": "master"})
    with pytest.raises(RegistryImportError) as info:
        reg.import_file(write(tmp_path / "p.csv", records))
    assert info.value.first.rule == "conflicting_duplicate" and info.value.first.row == 5


def test_russian_headers_through_a_mapping(reg, tmp_path):
    from talentflow.monitor.template import COLUMNS

    path = tmp_path / "ru.csv"
    header = ["ИИН", "Программа", "Год присуждения", "Уровень обучения", "Страна обучения",
              "Дата начала обучения", "Дата окончания обучения", "Статус обучения", "Дата возвращения",
              "Срок отработки (мес.)", "Статус отработки"]
    path.write_text(";".join(header) + "\n" + ";".join(
        [A, "BOLASHAK", "2015", "Магистратура", "Великобритания", "01.09.2015", "30.06.2017", "Окончил",
         "01.08.2017", "60", "Исполнено"]) + "\n", encoding="utf-8")
    from talentflow.monitor.template import Mapping

    mapping = Mapping.load(__import__("pathlib").Path(__file__).resolve().parents[2] / "talentflow" / "data" /
                           "monitor" / "mappings" / "operator-ru.yaml")
    res = reg.import_file(path, mapping)
    assert res.new == 1
    with reg.engine.connect() as conn:
        r = conn.execute(sa.select(schema.award)).one()._mapping
    assert (r["level"], r["host_country"], r["status"], r["obligation_status"]) == (
        "master", "GBR", "graduated", "fulfilled")
    assert "person_id" in COLUMNS


def test_conflicting_birth_dates_are_refused(reg, tmp_path):
    from talentflow.monitor.template import Mapping

    path = tmp_path / "b.csv"
    path.write_text("person_id,programme,cohort,birth_date\n"
                    f"{A},BOLASHAK,2015,1995-03-16\n", encoding="utf-8")
    with pytest.raises(RegistryImportError) as info:
        reg.import_file(path, Mapping(columns={"birth_date": ["birth_date"]}))
    assert info.value.first.rule == "conflicting_birth_dates"
    assert "1995" not in str(info.value)


def test_publications_attach_by_orcid_once(reg, tmp_path):
    import json

    reg.import_file(write(tmp_path / "p.csv", base_records()))
    works = tmp_path / "works.jsonl"
    works.write_text("\n".join(json.dumps(w) for w in [
        {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.1/x", "publication_date": "2018-05-01",
         "authorships": [{"author": {"orcid": "https://orcid.org/0000-0002-1825-0097"}}]},
        {"id": "https://openalex.org/W2", "publication_date": "2019-05-01",
         "authorships": [{"author": {"orcid": "https://orcid.org/0000-0001-5109-3700"}}]},
    ]) + "\n", encoding="utf-8")
    orcid = tmp_path / "orcid.json"
    orcid.write_text(json.dumps({"path": "/0000-0002-1825-0097/works", "group": [
        {"work-summary": [{"put-code": 5, "publication-date": {"year": {"value": "2018"}},
                           "external-ids": {"external-id": [{"external-id-type": "doi",
                                                              "external-id-value": "10.1/X"}]}}]},
        {"work-summary": [{"put-code": 6, "publication-date": {"year": {"value": "2020"}, "month": {"value": "03"}}}]},
    ]}), encoding="utf-8")
    r1 = reg.import_publications(works)
    assert (r1.new, r1.changes) == (1, {"unmatched": 1})
    r2 = reg.import_publications(orcid)
    assert r2.new == 1  # the DOI already came from OpenAlex
    assert reg.import_publications(works).new == 0
    assert reg.info()["publications"] == 2


@pytest.mark.parametrize("gap", ["\n", ",,,,,,,,,,,,,,,,\n"])
def test_blank_rows_keep_the_spreadsheet_row_numbers(reg, tmp_path, gap):
    path = write(tmp_path / "p.csv", base_records())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = lines[2].replace(B, bad_check(B))
    path.write_text(lines[0] + lines[1] + gap + bad + lines[3] + gap, encoding="utf-8")
    with pytest.raises(RegistryImportError) as info:
        reg.import_file(path)
    assert (info.value.first.row, info.value.first.column) == (4, "person_id")
    path.write_text(lines[0] + lines[1] + gap + lines[2] + lines[3] + gap, encoding="utf-8")
    assert reg.import_file(path).new == 3
