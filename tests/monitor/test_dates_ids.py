"""Month arithmetic (clamped to the month's end) and national id validation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentflow.monitor.dates import add_months, as_of_key, from_month_key, keys_to_days, month_key
from talentflow.monitor.ids import (
    generic_validator,
    iin_birth_date,
    iin_check_digit,
    iin_validator,
    validator_for,
)

from .conftest import bad_check, make_iin


def test_add_months_clamps_to_the_month_end():
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2020, 2, 29), 12) == dt.date(2021, 2, 28)
    assert add_months(dt.date(2023, 3, 15), 12) == dt.date(2024, 3, 15)


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@given(dates, dates, st.integers(0, 120))
def test_month_key_comparison_is_the_clamped_comparison(e, b, n):
    # e <= b + n months (clamped)  <=>  mk(e) <= mk(b) + 32 n
    assert (e <= add_months(b, n)) == (month_key(e) <= month_key(b) + 32 * n)


@given(dates, dates, st.integers(0, 120))
def test_as_of_key_makes_due_dates_exact(b, a, n):
    # b + n months (clamped) <= a  <=>  mk(b) + 32 n <= as_of_key(a)
    assert (add_months(b, n) <= a) == (month_key(b) + 32 * n <= as_of_key(a))


@given(dates)
def test_month_keys_round_trip_and_convert_to_days(d):
    assert from_month_key(month_key(d)) == d
    assert keys_to_days([month_key(d)])[0] == (d - dt.date(1970, 1, 1)).days


def test_iin_check_digit_and_birth_date():
    iin = make_iin("950315", 3)
    assert iin_validator([iin]).reasons == [None]
    assert iin_birth_date(iin) == dt.date(1995, 3, 15)
    assert iin_birth_date(make_iin("050101", 5)) == dt.date(2005, 1, 1)
    r = iin_validator([bad_check(iin), "12345", "950230300001", "950315900001", " 950 315-300019 "]).reasons
    assert r[0] == "the IIN check digit does not match"
    assert r[1] == "an IIN has exactly 12 digits"
    assert "birth date" in r[2]
    assert "7th digit" in r[3]


def test_iin_second_pass_weights():
    # find 11 digits whose first pass gives 10: the check digit then comes from weights 3..11,1,2
    for serial in range(10000):
        digits = [int(c) for c in f"9503153{serial:04d}"]
        if sum(d * (i + 1) for i, d in enumerate(digits)) % 11 == 10:
            second = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
            assert iin_check_digit(digits) == (None if second == 10 else second)
            if second != 10:
                iin = "".join(map(str, digits)) + str(second)
                assert iin_validator([iin]).reasons == [None]
                return
    pytest.fail("no 11-digit prefix needing the second pass found")


def test_validator_registry_by_country():
    assert validator_for("KAZ") is iin_validator
    assert validator_for("XYZ") is generic_validator
    assert generic_validator([" ab-12 34 "]).ids == ["AB1234"]
    assert generic_validator([""]).reasons == ["empty identifier"]
