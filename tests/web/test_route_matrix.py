"""The route × role matrix, generated from the route declarations: every route and twin, for an
anonymous visitor, a viewer, an analyst, an operator of another programme and an admin.

A cell is allowed when the route's declared requirement admits the role; then the answer is the
page (200, or 303 for a form that redirects). Otherwise an anonymous visitor gets 401 and a
signed-in user 403 — and the body never holds the page's data.
"""

from __future__ import annotations

import pytest

from talentflow.web.routes import ALLOWED, REGISTRY
from tests.web.conftest import client_as, csrf_of

ROLES = ("anonymous", "viewer", "analyst", "operator_other", "admin", "expert", "institution")
ROLE_OF = {"anonymous": "anonymous", "viewer": "viewer", "analyst": "analyst", "operator_other": "operator",
           "admin": "admin", "expert": "expert", "institution": "institution"}


def sample_params(app) -> dict[str, str]:
    o = app.state.web.observatory.get()
    job = app.state.web.jobs.recent(limit=1000)[-1]  # the fixture's queued job
    from tests.web.diaspora_seed import seed

    return {"doc_id": o.matrix.documents[0].id, "indicator_id": "emigrants", "name": "report.html", "job_id": str(job.id),
            "programme": "BOLASHAK", **seed(app)}


def cells():
    for spec in REGISTRY:
        for method, url in spec.urls():
            for role in ROLES:
                yield pytest.param(spec, method, url, role, id=f"{method} {url} as {role}")


def test_registry_declares_every_route(app):
    """Nothing reaches the app except through the registry (and the static files and OpenAPI)."""
    declared = {url for spec in REGISTRY for _, url in spec.urls()}
    served = {r.path for r in app.routes if hasattr(r, "methods")}
    assert served - declared <= {"/openapi.json"}
    assert {"/", "/documents", "/documents/{doc_id}", "/indicators", "/indicators/{indicator_id}", "/discrepancies",
            "/practice", "/recommendations", "/reports", "/admin/audit", "/docs"} <= {s.path for s in REGISTRY}


@pytest.mark.parametrize(("spec", "method", "url", "role"), list(cells()))
def test_route_role_cell(app, clients, spec, method, url, role):
    path = url.format(**sample_params(app))
    allowed = ROLE_OF[role] in ALLOWED[spec.need]
    if method == "GET":
        client = clients[role]
        r = client.get(path, follow_redirects=False)
    else:
        # a state-changing route: a fresh client (logging out must not end the shared session)
        client = client_as(app, role)
        data = {"csrf_token": csrf_of(client, "/login")}
        if path == "/login":
            data |= {"name": f"nobody-{role}", "password": "wrong password"}  # one name each: no lockout
        r = client.request(method, path, data=data, follow_redirects=False)
    if allowed and path == "/login" and method == "POST":
        # reached the password check: the wrong password, not the role, is what refuses it
        assert r.status_code == 401 and 'action="/login"' in r.text and "csrf" not in r.url.path
    elif allowed and method == "GET":
        assert r.status_code == 200, f"{method} {path} as {role}: {r.status_code}"
    elif allowed:  # a form without its fields (an upload without files) is refused for that, not for the role
        assert r.status_code in (200, 303, 400), f"{method} {path} as {role}: {r.status_code}"
    else:
        assert r.status_code == (401 if role == "anonymous" else 403), f"{method} {path} as {role}: {r.status_code}"
        if path.endswith(".json"):
            assert set(r.json()) == {"error", "message"}
        assert "web_audit" not in r.text and "ada" not in r.text.split("<main", 1)[-1]
