"""Reading human codings: CSV (segment and document level) and foreign .qdpx projects; clear errors."""

import zipfile

import pytest

from talentflow.analysis.synthetic import synthetic_codebook
from talentflow.exchange import HumanCodingError, read_human_codings

BOOK = synthetic_codebook(("brain_drain", "retention"))
TEXTS = {"d1": "First sentence. Second sentence.", "d2": "Only one."}


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_segment_csv(tmp_path):
    p = write(tmp_path, "h.csv", "document,start,end,category,level,gap,coder\n"
                                 "d1,0,15,brain_drain,2,,anna\nd1,16,32,Retention,,yes,\n")  # fmt: skip
    h = read_human_codings(p, BOOK, TEXTS)
    assert h.kind == "segment"
    a, b = h.selections
    assert (a.document, a.start, a.end, a.category, a.level, a.gap, a.coder) == ("d1", 0, 15, "brain_drain", 2, False, "anna")
    assert (b.category, b.level, b.gap) == ("retention", None, True)  # matched by the category's name


def test_document_csv_with_levels_and_bounds(tmp_path):
    p = write(tmp_path, "h.csv", "document,category,level,gap\nd1,brain_drain,3,\nd2,retention,1,true\n")
    h = read_human_codings(p, BOOK)
    assert h.kind == "document"
    assert [(x.document, x.level_min, x.level_max, x.gap) for x in h.levels] == [("d1", 3, 3, None), ("d2", 1, 1, True)]
    q = write(tmp_path, "b.csv", "# comment\ndoc_id,category,level_min,level_max,gap\nd1,retention,0,1,\n")
    assert [(x.level_min, x.level_max) for x in read_human_codings(q, BOOK).levels] == [(0, 1)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("d1,0,15,migration\n", r"h\.csv:3: unknown category 'migration'"),
        ("d9,0,15,brain_drain\n", r"h\.csv:3: unknown document 'd9'"),
        ("d1,15,15,brain_drain\n", r"h\.csv:3: end \(15\) must be greater than start \(15\)"),
        ("d1,0,99,brain_drain\n", r"h\.csv:3: end \(99\) lies beyond the text of 'd1'"),
        ("d1,x,15,brain_drain\n", r"h\.csv:3: column 'start' must be an integer"),
        ("d1,-1,15,brain_drain\n", r"h\.csv:3: column 'start' must lie in"),
    ],
)
def test_segment_csv_errors_name_file_and_line(tmp_path, body, message):
    p = write(tmp_path, "h.csv", "document,start,end,category\nd1,0,15,brain_drain\n" + body)
    with pytest.raises(HumanCodingError, match=message):
        read_human_codings(p, BOOK, TEXTS)


def test_document_csv_errors(tmp_path):
    p = write(tmp_path, "h.csv", "document,category,level\nd1,brain_drain,5\n")
    with pytest.raises(HumanCodingError, match=r"h\.csv:2: column 'level' must lie in \[0, 4\]"):
        read_human_codings(p, BOOK)
    p = write(tmp_path, "h.csv", "document,category,level_min,level_max\nd1,brain_drain,3,1\n")
    with pytest.raises(HumanCodingError, match=r"h\.csv:2: level_min \(3\) exceeds level_max \(1\)"):
        read_human_codings(p, BOOK)
    p = write(tmp_path, "h.csv", "document,category\nd1,brain_drain\n")
    with pytest.raises(HumanCodingError, match="header needs"):
        read_human_codings(p, BOOK)
    with pytest.raises(HumanCodingError, match="no such file"):
        read_human_codings(tmp_path / "missing.csv", BOOK)


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="maxqda">
 <Users><User guid="[11111111-1111-1111-1111-111111111111]" name="Aigerim"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Themes" isCodable="false">
   <Code guid="33333333-3333-3333-3333-333333333333" name="Brain Drain" isCodable="true">
    <Code guid="44444444-4444-4444-4444-444444444444" name="Level 3" isCodable="true"/>
   </Code>
   <Code guid="55555555-5555-5555-5555-555555555555" name="Memo" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="66666666-6666-6666-6666-666666666666" name="renamed.txt" plainTextPath="internal://abc.txt">
   <PlainTextSelection guid="77777777-7777-7777-7777-777777777777" startPosition="@S" endPosition="@E">
    <Coding guid="88888888-8888-8888-8888-888888888888" creatingUser="11111111-1111-1111-1111-111111111111">
     <CodeRef targetGUID="@T"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>
"""


def foreign(tmp_path, s=0, e=15, target="44444444-4444-4444-4444-444444444444"):
    p = tmp_path / "maxqda.qdpx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("project.qde", FOREIGN.replace("@S", str(s)).replace("@E", str(e)).replace("@T", target).replace("[", "{").replace("]", "}"))
        zf.writestr("sources/abc.txt", TEXTS["d1"])  # MAXQDA writes lower case
    return p


def test_foreign_qdpx_matched_by_text_hash_and_code_name(tmp_path):
    h = read_human_codings(foreign(tmp_path), BOOK, TEXTS)
    (sel,) = h.selections
    assert (sel.document, sel.start, sel.end, sel.category, sel.level, sel.coder) == ("d1", 0, 15, "brain_drain", 3, "Aigerim")


def test_foreign_qdpx_errors(tmp_path):
    with pytest.raises(HumanCodingError, match=r"maxqda\.qdpx.*bad offsets 0–99"):
        read_human_codings(foreign(tmp_path, e=99), BOOK, TEXTS)
    with pytest.raises(HumanCodingError, match="maps to no codebook category"):
        read_human_codings(foreign(tmp_path, target="55555555-5555-5555-5555-555555555555"), BOOK, TEXTS)
    with pytest.raises(HumanCodingError, match="matches no document"):
        read_human_codings(foreign(tmp_path), BOOK, {"d2": TEXTS["d2"]})
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(HumanCodingError, match=r"bad\.qdpx: not a readable"):
        read_human_codings(bad, BOOK)
