"""The deployment files say what docs/deploy.md says: app + PostgreSQL, several workers, secrets for
the database password and the pseudonymisation key, healthchecks. Docker is not run here (the
development machine has no Docker daemon): the compose file's structure is what is checked."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_the_app_on_postgresql_with_several_workers():
    c = compose()
    services = c["services"]
    assert set(services) == {"app", "db"}
    assert services["db"]["image"].startswith("postgres:")
    app = services["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    command = " ".join(app["command"])
    assert "postgresql+psycopg://" in command and "$$TALENTFLOW_DB_HOST:5432/" in command
    assert app["environment"]["TALENTFLOW_DB_HOST"] == "db"
    assert "talentflow store upgrade" in command and "--workers" in command and "--behind-proxy" in command
    assert "TALENTFLOW_WORKERS" in app["environment"]
    assert app["ports"] == ["127.0.0.1:8000:8000"], "only the reverse proxy on the host reaches the app"
    assert "reports:/srv/talentflow/reports" in app["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert set(c["volumes"]) == {"pgdata", "reports"}
    dockerfile = ROOT / app["build"]["context"].replace("..", ".") / app["build"]["dockerfile"]
    assert dockerfile.exists() and "pip install ." in dockerfile.read_text(encoding="utf-8")


def test_the_key_and_the_password_are_secrets_never_in_the_file():
    c = compose()
    app, db = c["services"]["app"], c["services"]["db"]
    assert set(c["secrets"]) == {"db_password", "registry_key"}
    assert all(s["file"].startswith("./secrets/") for s in c["secrets"].values())
    assert set(app["secrets"]) == {"db_password", "registry_key"} and db["secrets"] == ["db_password"]
    assert db["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password"
    command = " ".join(app["command"])
    assert 'TALENTFLOW_REGISTRY_KEY="$$(cat /run/secrets/registry_key)"' in command
    text = (ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8")
    for env in (app["environment"], db["environment"]):
        assert "TALENTFLOW_REGISTRY_KEY" not in env and "POSTGRES_PASSWORD" not in env
    assert "env_file" not in app and "deploy/secrets/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "POSTGRES_PASSWORD:" not in text and "TALENTFLOW_REGISTRY_KEY:" not in text


def test_both_services_have_healthchecks():
    c = compose()
    for name in ("app", "db"):
        check = c["services"][name]["healthcheck"]
        assert check["test"] and check["interval"] and check["retries"] >= 3
    assert "/docs.json" in " ".join(c["services"]["app"]["healthcheck"]["test"])


def test_the_app_healthcheck_url_answers(clients):
    assert clients["anonymous"].get("/docs.json").status_code == 200


def test_deploy_doc_names_the_key_the_proxy_backups_and_upgrades():
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for needle in ("TALENTFLOW_REGISTRY_KEY", "registry.key", "--workers", "--behind-proxy", "pg_dump", "pg_restore",
                   "/admin/status", "deploy/compose.yaml", "X-Forwarded-Proto", ".backup", "talentflow store upgrade",
                   "proxy_pass", "not been run"):
        assert needle in doc, needle
