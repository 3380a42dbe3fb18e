"""Stable REFI-QDA GUIDs: uuid5 of readable keys, so re-exporting the same project gives the same file."""

from __future__ import annotations

import uuid

#: Namespace of every GUID talentflow writes (uuid5 of the project URL namespace).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/talentflow/talentflow/refi-qda")


def guid(*key: object) -> str:
    """A GUID for ``key`` (e.g. ``("code", "brain_drain", "level", 3)``), lower-case 8-4-4-4-12."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(k) for k in key)))


def user_guid() -> str:
    return guid("user", "talentflow")


def category_guid(category: str) -> str:
    return guid("code", category)


def level_guid(category: str, level: int) -> str:
    return guid("code", category, "level", level)


def gap_guid(category: str) -> str:
    return guid("code", category, "gap")


def variable_guid(name: str) -> str:
    return guid("variable", name)


def source_guid(document_id: str) -> str:
    return guid("source", document_id)
