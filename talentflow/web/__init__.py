"""The observatory on the web: public pages over the pipeline, with JSON and CSV twins, and
signed-in roles (viewer, analyst, operator, admin) with an audit log.

Public entry: :func:`create_app` (``talentflow serve`` runs it under Uvicorn).
"""

from talentflow.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
