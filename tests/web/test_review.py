"""Review of the coding in the browser's forms: stored as a human coding beside the machine's,
never over it; agreement follows the reviews."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import analyst_app, csrf_of


@pytest.fixture()
def site(tmp_path):
    return analyst_app(tmp_path)


def review(c, category, level, reason="read the passage again", gap=False):
    data = {"csrf_token": csrf_of(c, "/documents/evil"), "category": category, "level": str(level), "reason": reason}
    if gap:
        data["gap"] = "1"
    return c.post("/documents/evil/review", data=data, follow_redirects=False)


def machine(c, category):
    return next(d for d in c.get("/documents.json").json()["documents"] if d["id"] == "evil")[category]


def test_a_review_is_kept_beside_the_machine_coding_and_moves_agreement(site):
    app, c = site
    before = machine(c, "return")
    other = 4 if before != 4 else 3
    assert review(c, "return", other).status_code == 303
    assert machine(c, "return") == before  # the machine's level is never overwritten
    assert f"Reviewed by ann: level {other} — read the passage again" in c.get("/documents/evil?lang=en").text
    a = c.get("/review.json").json()["agreement"]
    assert a["overall"]["n_units"] == 1 and a["overall"]["agreement"] == 0.0
    # the reviewer changes their mind: the latest review counts, the first stays in the history
    assert review(c, "return", before, "agrees with the machine after all").status_code == 303
    data = c.get("/review.json").json()
    assert data["agreement"]["overall"]["agreement"] == 1.0
    assert [r["current"] for r in data["reviews"]] == [True, False]
    assert any(e["action"] == "review" for e in app.state.web.accounts.audit())
    csv = c.get("/review.csv").text
    assert csv.startswith("id,document,category,machine_level") and csv.count("\r\n") == 3


def test_the_public_sees_the_machine_coding_without_reviews(site):
    app, c = site
    review(c, "return", 4, "a <script>alert('why')</script> reason")
    anon = TestClient(app)
    page = anon.get("/documents/evil").text
    assert "Review this cell" not in page and "alert(&#39;why&#39;)" not in page
    assert "review" not in anon.get("/documents/evil.json").json()["cells"][0]
    assert "&lt;script&gt;alert(&#39;why&#39;)&lt;/script&gt;" in c.get("/review").text  # escaped for the analyst


@pytest.mark.parametrize(("category", "level", "reason", "gap", "why"), [
    ("return", 5, "x", False, "0–4"),
    ("return", 3, "   ", False, "say why"),
    ("return", 3, "x", True, "level 1"),
    ("no_such", 2, "x", False, "Unknown category"),
    ("return", "x", "x", False, "Choose a level"),
])
def test_bad_reviews_are_refused_and_nothing_is_stored(site, category, level, reason, gap, why):
    app, c = site
    r = review(c, category, level, reason, gap)
    assert r.status_code == 400 and why in r.text
    assert app.state.web.reviews.all() == []
