"""The application factory Uvicorn imports in each worker (settings come from ``talentflow serve``)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from talentflow.web.app import Settings, create_app


def app() -> FastAPI:
    store = os.environ.get("TALENTFLOW_WEB_STORE") or None
    reports = Path(os.environ.get("TALENTFLOW_WEB_REPORTS") or "out/report")
    return create_app(Settings(store_url=store, reports_dir=reports))
