"""Encodings and names: damaged UTF-8 is refused with the bad byte named, never decoded as a code
page; legacy code pages still read; file names that are not UTF-8 give valid JSON and XML."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from talentflow.ingest.decode import DecodeError, decode_text
from tests.hardening.conftest import TEXT, invoke

LONG = (TEXT + " ") * 10


@pytest.mark.parametrize("position", [0, 40, -1])
def test_one_stray_byte_in_utf8_is_refused(position):
    data = bytearray(LONG.encode("utf-8"))
    # at a character boundary (inside a character, one bad byte breaks its neighbours too)
    at = len(data) - 1 if position == -1 else len(LONG[:position].encode("utf-8"))
    data[at:at] = b"\xff"
    with pytest.raises(DecodeError, match=rf"damaged UTF-8: 1 invalid byte\(s\), the first at byte {at}"):
        decode_text(bytes(data))


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8", "utf-16"])
def test_whole_files_in_one_encoding_still_read(encoding):
    text, used = decode_text(LONG.encode(encoding))
    assert text.strip() == LONG.strip()
    assert used.replace("-", "_") == encoding.replace("-", "_")


def test_ingest_reports_the_damaged_file(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "damaged.ru.txt").write_bytes(LONG.encode("utf-8")[:60] + b"\xfe" + LONG.encode("utf-8")[60:])
    result = invoke("ingest", folder, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["documents"] == []
    assert "damaged UTF-8" in payload["errors"][0]["reason"]


@pytest.fixture
def odd_names(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"\xff\xfe odd \xe9.ru.txt")
    with open(name, "wb") as fh:
        fh.write(LONG.encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), b"broken \xff.docx"), "wb") as fh:
        fh.write(b"PK\x03\x04 not a zip")
    return folder


def test_non_utf8_names_give_valid_json(odd_names):
    for args in (["ingest", odd_names, "--format", "json"], ["code", odd_names, "--format", "json"]):
        result = invoke(*args)
        assert result.exit_code == 1, result.output  # the broken .docx is reported
        payload = json.loads(result.stdout.encode("utf-8"))  # valid UTF-8, valid JSON
        assert "\\xff" in json.dumps(payload, ensure_ascii=False)
        assert "Traceback" not in result.output


def test_non_utf8_names_in_matrix_and_qdpx(odd_names, tmp_path):
    assert invoke("matrix", odd_names, "--out", tmp_path / "m").exit_code == 1  # one unreadable file
    assert (tmp_path / "m" / "matrix.csv").read_text(encoding="utf-8")
    out = tmp_path / "p.qdpx"
    result = invoke("export-qda", odd_names, "--out", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    with zipfile.ZipFile(out) as zf:
        zf.read("project.qde").decode("utf-8")


def test_markup_in_ids_is_shown_not_interpreted(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "manifest.csv").write_text("file,id,language,title\nx.ru.txt,[bold]a[/x],ru,t\n", encoding="utf-8")
    (folder / "x.ru.txt").write_text(LONG, encoding="utf-8")
    for command in ("ingest", "code"):
        result = invoke(command, folder)
        assert result.exit_code == 0, result.output
        assert "[bold]a[/x]" in result.output
