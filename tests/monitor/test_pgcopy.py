"""COPY text made column by column (talentflow.monitor.pgcopy) says exactly what the rows say:
NULLs, sentinels, escapes, and values a cell-by-cell formatter would write — checked against
the format PostgreSQL's manual gives and, where a server is there, by reading the rows back."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from talentflow.monitor import pgcopy


def test_integer_columns_with_a_missing_sentinel_become_null() -> None:
    few = np.asarray([-1, 5, 5, -1, 7, 5], dtype=np.int64)  # few distinct values: formatted per value
    assert pgcopy.int_column(few, -1) == ["\\N", "5", "5", "\\N", "7", "5"]
    distinct = np.arange(-1, 9, dtype=np.int64)  # mostly distinct: one map(str) and a patch
    assert pgcopy.int_column(distinct, -1) == ["\\N", *map(str, range(9))]
    assert pgcopy.int_column(distinct) == list(map(str, range(-1, 9)))
    assert pgcopy.int_column(np.asarray([], dtype=np.int64), -1) == []


def test_text_is_escaped_and_missing_text_is_null() -> None:
    assert pgcopy.object_column(["a\tb", "c\\d", "e\nf\r", None, float("nan"), "plain"]) == [
        "a\\tb", "c\\\\d", "e\\nf\\r", "\\N", "\\N", "plain"]
    # text with nothing to escape passes through as it is, with or without NULLs
    assert pgcopy.object_column(["x", None, "y"]) == ["x", "\\N", "y"]
    assert pgcopy.object_column(pd.Series(["k1", "k2"], dtype=object)) == ["k1", "k2"]
    assert pgcopy.object_column([dt.date(2024, 2, 29), None, 3]) == ["2024-02-29", "\\N", "3"]


def test_rows_and_columns_give_the_same_text() -> None:
    rows = [(1, "Almaty\tcity", None, dt.date(2020, 1, 31)), (2, None, 7, None), (3, "a\\b", None, None)]
    assert pgcopy.copy_text(rows) == "1\tAlmaty\\tcity\t\\N\t2020-01-31\n2\t\\N\t7\t\\N\n3\ta\\\\b\t\\N\t\\N\n"
    assert pgcopy.copy_text([]) == ""
    cols = [pgcopy.int_column(np.asarray([1, 2, 3])), pgcopy.object_column(["Almaty\tcity", None, "a\\b"]),
            pgcopy.int_column(np.asarray([-1, 7, -1]), -1), pgcopy.object_column([dt.date(2020, 1, 31), None, None])]
    assert pgcopy.join_rows(cols) == pgcopy.copy_text(rows)


def test_copy_reads_back_exactly_on_postgresql(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    values = [(1, "tab\there", None), (2, "back\\slash\nnew line", 5), (3, None, -7)]
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE copy_probe (id integer, txt text, n integer)")
        cols = [pgcopy.int_column(np.asarray([v[0] for v in values])), pgcopy.object_column([v[1] for v in values]),
                pgcopy.object_column([v[2] for v in values])]
        pgcopy.write_copy(conn, "copy_probe", ("id", "txt", "n"), [pgcopy.join_rows(cols)])
        back = [tuple(r) for r in conn.exec_driver_sql("SELECT id, txt, n FROM copy_probe ORDER BY id")]
    engine.dispose()
    assert back == values
