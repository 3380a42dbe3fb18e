"""The deployment files say what docs/deploy.md says: app + PostgreSQL, the key outside the database."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_the_app_on_postgresql_with_several_workers():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"app", "db"}
    assert services["db"]["image"].startswith("postgres:")
    app = services["app"]
    assert app["environment"]["TALENTFLOW_STORE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in app["environment"]["TALENTFLOW_STORE_URL"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    command = " ".join(app["command"])
    assert "talentflow store upgrade" in command and "--workers" in command and "--behind-proxy" in command
    assert app["ports"] == ["127.0.0.1:8000:8000"], "only the reverse proxy on the host reaches the app"
    # the pseudonymisation key comes from a file kept out of the repository, never from the compose file
    assert app["env_file"] == ["registry.env"] and "TALENTFLOW_REGISTRY_KEY" not in app["environment"]
    assert (ROOT / "deploy" / app["build"]["dockerfile"].removeprefix("deploy/")).exists()


def test_deploy_doc_names_the_key_the_proxy_and_backups():
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for needle in ("TALENTFLOW_REGISTRY_KEY", "registry.key", "--workers", "--behind-proxy", "pg_dump", "pg_restore",
                   "/admin/status", "deploy/compose.yaml", "X-Forwarded-Proto"):
        assert needle in doc, needle
