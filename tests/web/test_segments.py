"""Segments highlighted in a document's text, missed segments added by a reviewer, and the REFI-QDA
export of the reviews: marks are well-formed whatever the overlaps, text is escaped, an added
segment is a human coding that moves agreement and never touches the machine's."""

from __future__ import annotations

import datetime as dt
import html
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from talentflow.web.highlight import Span, anchors, highlight
from talentflow.web.reviews import AddedSegment, Review, ReviewError, fold, locate
from tests.web.conftest import analyst_app, csrf_of

WORDS = {"level": "level", "gap": "gap", "machine": "machine", "human": "reviewer"}
SHARED_REFI = Path(__file__).resolve().parents[2] / ".." / "shared" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}


class Tree(HTMLParser):
    """Checks that tags nest properly and collects the text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.marks += tag == "mark"
        assert tag in ("mark", "span"), tag

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes {self.stack}"

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> Tree:
    t = Tree()
    t.feed(markup)
    t.close()
    assert not t.stack
    return t


# --- highlighting, without a server ------------------------------------------------------------

def test_overlapping_and_nested_segments_give_well_formed_marks_over_the_same_text():
    text = "abcdefghijklmnopqrstuvwxyz"
    spans = [Span(0, 10, "a", 2, False), Span(5, 15, "b", 3, False), Span(7, 9, "c", 1, True),
             Span(20, 26, "a", 4, False, human=True, user="ann"), Span(3, 3, "a", 1, False),
             Span(20, 99, "b", 1, False)]  # empty and out-of-range spans are dropped
    out = str(highlight(text, spans, {"a": "Alpha"}, WORDS))
    tree = parse(out)
    assert "".join(tree.text) == text  # offsets in the browser are the document's offsets
    # pieces cut at every boundary: [0,5) [5,7) [7,9) [9,10) [10,15) [20,26)
    assert tree.marks == 6
    assert 'class="seg cat-a multi"' in out  # [5,7) under a and b
    assert 'title="Alpha: level 2 — machine; b: level 3 — machine; c: level 1, gap — machine"' in out
    assert 'class="seg cat-a human"' in out and "Alpha: level 4 — reviewer (ann)" in out
    assert out.index('id="seg-a-1"') < out.index("abcde") and 'id="hseg-a-1"' in out and 'id="seg-b-1"' in out


def test_text_and_titles_are_escaped():
    text = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
    out = str(highlight(text, [Span(0, 25, '"><x', 1, False)], {'"><x': "<b>name</b>"}, WORDS))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp;" in out
    assert 'class="seg cat-___x"' in out  # a category id becomes a class only through safe characters
    assert html.unescape("".join(parse(out).text)) == text


def test_anchors_number_each_category_in_text_order():
    spans = [Span(10, 12, "x", 1, False), Span(0, 2, "x", 1, False), Span(5, 6, "x", 1, False, human=True)]
    assert anchors(spans) == {1: "seg-x-1", 0: "seg-x-2", 2: "hseg-x-1"}


def test_locate_by_offsets_or_a_verbatim_quote():
    text = "one two three two"
    assert locate(text, "4", "7", "") == (4, 7)
    assert locate(text, "4", "7", "two") == (4, 7)
    assert locate(text, "", "", "three") == (8, 13)
    assert locate(text, "0", "3", "three") == (8, 13)  # offsets that do not hold the quote: the quote wins
    for start, end, quote, why in [("", "", "four", "does not occur"), ("", "", "two", "more than once"),
                                   ("5", "99", "", "characters 5–99"), ("7", "4", "", "must follow"),
                                   ("", "", "  ", "give the characters")]:
        with pytest.raises(ReviewError, match=why):
            locate(text, start, end, quote)


def test_fold_takes_reviews_and_added_segments_in_time_order():
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def rev(i, level, gap=False):
        return Review(i, "d", "c", level, gap, 1, False, "why", "ann", t0 + dt.timedelta(minutes=i))

    def seg(i, level, gap=False):
        return AddedSegment(i, "d", 0, 1, "x", "c", level, gap, "why", "bob", t0 + dt.timedelta(minutes=i))

    machine = {("d", "c"): (1, False)}
    assert fold(machine, [], [seg(1, 3)])[("d", "c")].level == 3  # a missed passage raises the cell
    assert fold(machine, [], [seg(1, 1, gap=True)])[("d", "c")].gap is True
    assert fold(machine, [rev(2, 4)], [seg(1, 3)])[("d", "c")].level == 4
    h = fold(machine, [rev(1, 0)], [seg(2, 2)])[("d", "c")]
    assert (h.level, h.user) == (2, "bob")  # the review said 0; a passage added later raises it
    assert fold(machine, [rev(3, 1)], [seg(2, 4)])[("d", "c")].level == 1  # the later review has the last word


# --- the pages -------------------------------------------------------------------------------------

@pytest.fixture()
def site(tmp_path):
    return analyst_app(tmp_path)


def add(c, **form):
    data = {"csrf_token": csrf_of(c, "/documents/evil/review"), "category": "return", "level": "3",
            "reason": "a programme of return is named"} | form
    return c.post("/documents/evil/segments", data=data, follow_redirects=False)


def test_the_public_document_page_shows_the_text_with_its_segments(site):
    app, _ = site
    anon = TestClient(app)
    page = anon.get("/documents/evil").text
    assert '<div class="doctext" id="doctext"' in page and '<mark class="seg cat-brain_drain"' in page
    assert "&lt;img src=x onerror=alert(&#39;quote&#39;)&gt;" in page and "<img src=x" not in page
    assert '<ul class="legend"' in page and 'href="#seg-brain_drain-1"' in page  # the cell links to its segment
    assert 'href="/codebook.css"' in page
    data = anon.get("/documents/evil.json").json()
    assert {"start", "end", "category", "level", "gap", "coder", "anchor"} <= set(data["segments"][0])
    assert 'href="/documents/evil#c-brain_drain"' in anon.get("/documents").text  # matrix cell → its segments
    css = anon.get("/codebook.css")
    assert css.headers["content-type"].startswith("text/css") and "mark.cat-brain_drain" in css.text


def test_an_added_segment_is_a_human_coding_that_moves_agreement(site):
    app, c = site
    o = app.state.web.observatory.get()
    text = o.documents["evil"].text
    machine_before = o.matrix.cell("evil", "return").level
    quote = "Государство создаст программу возврата талантов"
    r = add(c, quote=quote)
    assert r.status_code == 303 and r.headers["location"] == "/documents/evil/review#added"
    (a,) = app.state.web.reviews.segments("evil")
    assert (a.start, a.end, a.user, a.level) == (text.index(quote), text.index(quote) + len(quote), "ann", 3)
    assert app.state.web.observatory.get().matrix.cell("evil", "return").level == machine_before  # never overwritten
    page = c.get("/documents/evil/review").text
    assert 'class="seg cat-return human"' in page and 'id="hseg-return-1"' in page
    assert "Return of specialists: level 3 — Reviewer (ann)" in page
    review = c.get("/documents/evil/review.json").json()
    assert review["cells"][[x["category"] for x in review["cells"]].index("return")]["human_level"] == 3
    agreement = c.get("/review.json").json()["agreement"]["overall"]
    assert agreement["n_units"] == 1 and agreement["agreement"] == (1.0 if machine_before == 3 else 0.0)
    assert any(e["action"] == "review.segment" for e in app.state.web.accounts.audit())
    # by offsets too; and the public never sees a reviewer's passage
    assert add(c, start="0", end="13", quote="", category="brain_drain", level="2").status_code == 303
    assert len(app.state.web.reviews.segments("evil")) == 2
    assert "human" not in TestClient(app).get("/documents/evil").text.split('id="doctext"')[1]


@pytest.mark.parametrize(("form", "why"), [
    ({"quote": "not in this text"}, "does not occur verbatim"),
    ({"quote": "", "start": "5", "end": "99999"}, "characters 5–99999"),
    ({"quote": "Утечка мозгов", "level": "0"}, "level 1–4"),
    ({"quote": "Утечка мозгов", "level": "3", "gap": "1"}, "level 1"),
    ({"quote": "Утечка мозгов", "reason": "  "}, "say why"),
    ({"quote": "Утечка мозгов", "category": "nope"}, "Unknown category"),
    ({"quote": "Утечка мозгов", "level": "x"}, "Choose a level"),
])
def test_bad_segments_are_refused_and_nothing_is_stored(site, form, why):
    app, c = site
    r = add(c, **form)
    assert r.status_code == 400 and why in html.unescape(r.text)
    assert app.state.web.reviews.segments() == []


def test_a_hostile_quote_and_reason_are_shown_escaped(site):
    app, c = site
    assert add(c, quote="<script>alert('q2')</script>", reason="<img src=x onerror=alert('r')>").status_code == 303
    page = c.get("/documents/evil/review").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(&#39;r&#39;)&gt;" in page


# --- REFI-QDA with the reviews ---------------------------------------------------------------------

def project_of(data: bytes, tmp_path: Path) -> tuple[bytes, etree._Element]:
    path = tmp_path / "p.qdpx"
    path.write_bytes(data)
    qde = zipfile.ZipFile(path).read("project.qde")
    return qde, etree.fromstring(qde)


def test_qdpx_export_carries_each_reviewer_as_a_user_with_their_own_selections(site, tmp_path):
    from talentflow.exchange.validate import schema_errors

    app, c = site
    quote = "Государство создаст программу возврата талантов"
    assert add(c, quote=quote).status_code == 303
    data = {"csrf_token": csrf_of(c, "/documents/evil"), "category": "brain_drain", "level": "2", "reason": "a goal"}
    assert c.post("/documents/evil/review", data=data, follow_redirects=False).status_code == 303
    r = c.get("/review/export.qdpx")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    qde, root = project_of(r.content, tmp_path)
    assert schema_errors(qde, "Project") == []
    users = {u.get("name"): u.get("guid") for u in root.iterfind(".//q:User", NS)}
    assert set(users) == {"talentflow", "ann"}
    human = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("creatingUser") == users["ann"]]
    text = app.state.web.observatory.get().documents["evil"].text
    added = next(s for s in human if s.get("name") == "return 3 — ann")
    assert text[int(added.get("startPosition")):int(added.get("endPosition"))] == quote
    assert "segment added by the reviewer" in added.findtext("q:Description", namespaces=NS)
    corrected = [s for s in human if s.get("name") == "brain_drain 2 — ann"]
    assert corrected and "machine 1" in corrected[0].findtext("q:Description", namespaces=NS)
    machine = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("creatingUser") == users["talentflow"]]
    assert machine and all(s.get("name").split()[0] != "return" or "ann" not in s.get("name") for s in machine)
    assert any(e["action"] == "export.qdpx" for e in app.state.web.accounts.audit())
    # read back as any QDA program's project: the reviewer's selections come back as theirs
    from talentflow.exchange import read_human_codings

    back = read_human_codings(tmp_path / "p.qdpx")
    mine = [s for s in back.selections if s.coder == "ann"]
    assert any(s.category == "return" and s.level == 3 and text[s.start:s.end] == quote for s in mine)
    assert any(s.category == "brain_drain" and s.level == 2 for s in mine)
    if not (SHARED_REFI / "Project.xsd").is_file():
        pytest.skip("../shared/refi-qda (the REFI-QDA schemas) is not available here")
    schema = etree.XMLSchema(etree.parse(str(SHARED_REFI / "Project.xsd")))
    assert schema.validate(root.getroottree()), schema.error_log


def test_cli_export_qda_with_the_reviews_of_a_store(site, tmp_path):
    from typer.testing import CliRunner

    from talentflow.cli import app as cli

    app, c = site
    assert add(c, quote="Государство создаст программу возврата талантов").status_code == 303
    corpus = tmp_path / "c"
    out = tmp_path / "out" / "p.qdpx"
    out.parent.mkdir()
    res = CliRunner().invoke(cli, ["export-qda", str(corpus), "--out", str(out), "--reviews",
                                   "--store", str(tmp_path / "s.sqlite")])
    assert res.exit_code == 0, res.output
    assert "selections by 1 reviewer" in res.output
    qde, root = project_of(out.read_bytes(), tmp_path)
    assert "ann" in {u.get("name") for u in root.iterfind(".//q:User", NS)}
    plain = tmp_path / "out" / "plain.qdpx"
    assert CliRunner().invoke(cli, ["export-qda", str(corpus), "--out", str(plain)]).exit_code == 0
    assert {u.get("name") for u in project_of(plain.read_bytes(), tmp_path)[1].iterfind(".//q:User", NS)} == {"talentflow"}


def test_any_spans_give_well_formed_marks_over_the_same_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    texts = st.text(alphabet="ab<>&\"' \nж", min_size=1, max_size=40)

    @settings(max_examples=150, deadline=None)
    @given(texts, st.lists(st.tuples(st.integers(-2, 45), st.integers(-2, 45), st.sampled_from("xyz"),
                                     st.integers(1, 4), st.booleans(), st.booleans()), max_size=8))
    def check(text, raw):
        spans = [Span(a, b, c, lv, g, human=h, user="u") for a, b, c, lv, g, h in raw]
        out = str(highlight(text, spans, {}, WORDS))
        tree = parse(out)
        assert "".join(tree.text) == text
        valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
        assert out.count('class="anchor"') == len(valid)

    check()
