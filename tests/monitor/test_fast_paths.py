"""The import's faster paths give what the plain definitions give: pseudonyms are the standard
HMAC-SHA256, ORCID iDs checked all at once are the ones checked one by one."""

from __future__ import annotations

import random

import pytest

from talentflow.monitor.prepare import normalise_orcid, normalise_orcids

KEY = b"test-key-for-the-registry-0123456789"


@pytest.mark.parametrize("key", [b"sixteen-char-key", b"k" * 64, b"longer-than-a-block-" * 5, KEY])
def test_pseudonyms_are_the_standard_hmac_sha256(key):
    from hmac import digest

    from talentflow.monitor.pseudonym import pseudonymise

    ids = ["950315300012", "", "ÄÖ-12 34", "x" * 200]
    for country in ("", "kaz", "DEU"):
        prefix = f"{country.upper()}:".encode() if country else b""
        assert pseudonymise(ids, key, country) == [digest(key, prefix + i.encode(), "sha256").hex() for i in ids]


def test_orcids_checked_at_once_are_the_ones_checked_one_by_one():
    rng = random.Random(7)
    texts = ["", "  ", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "0000-0002-1694-233x ",
             "0000-0002-1825-0098", "abc", "0000000218250097", "\u0660\u0660\u0660\u0660-0002-1825-0097"]
    for _ in range(3000):
        s = "-".join("".join(rng.choice("0123456789") for _ in range(4)) for _ in range(4))
        texts.append(s[:-1] + rng.choice("Xx") if rng.random() < 0.3 else s)
    expected = [normalise_orcid(t) if t.strip() else None for t in texts]
    assert normalise_orcids(texts) == expected
    assert expected[2:5] == ["0000-0002-1825-0097", "0000-0002-1825-0097", "0000-0002-1694-233X"]
    assert expected[5] is None and 100 < sum(o is not None for o in expected) < 3000


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251"])
def test_a_csv_in_another_encoding_reads_as_the_utf8_one(tmp_path, encoding):
    """The fast reader hands the parser the file's bytes with the encoding that decoded them."""
    from talentflow.monitor.template import read_table

    from .conftest import write
    from .test_import import base_records

    utf8 = write(tmp_path / "utf8.csv", base_records())
    other = tmp_path / f"{encoding}.csv"
    other.write_bytes(utf8.read_text(encoding="utf-8").encode(encoding))
    assert "США" in utf8.read_text(encoding="utf-8")
    a, b = read_table(utf8), read_table(other)
    assert a.columns == b.columns and a.rows == b.rows


def test_new_people_are_ordered_by_their_whole_pseudonyms():
    """The writer orders new people by the first 16 hex digits of their pseudonyms read as one
    number; keys that share those digits, or are not 64 hex digits, are ordered as text."""
    from hashlib import sha256

    from talentflow.monitor.write import _by_pseudonym

    keys = [sha256(str(i).encode()).hexdigest() for i in range(5000)]
    rng = random.Random(3)
    some = sorted(rng.sample(range(5000), 700))
    for people in (list(range(5000)), some):
        assert [keys[j] for j in _by_pseudonym(keys, people)] == sorted(keys[j] for j in people)
    # two keys with the same first 16 digits, the larger first: only comparing the whole keys
    # puts them in order
    twins = [keys[0][:16] + "f" * 48, *keys[1:50], keys[0][:16] + "0" * 48]
    for _ in range(100):  # in many arrangements (a sort of the 16 digits alone leaves them as it finds them)
        rng.shuffle(twins)
        assert [twins[j] for j in _by_pseudonym(twins, list(range(51)))] == sorted(twins)
    # keys of 64 characters that are not lower-case hex, and one too short: ordered as text
    for odd in (["ZZ" + keys[2][2:], "00" + keys[3][2:], *keys[5:40]],
                [k.upper() for k in keys[5:40]] + keys[40:60],
                [keys[4][:63], *keys[5:40]]):
        assert [odd[j] for j in _by_pseudonym(odd, list(range(len(odd))))] == sorted(odd)
