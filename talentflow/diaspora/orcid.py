"""ORCID record JSON (API v3.0) → :class:`Profile`: public facts only, never contact details.

Read: the iD (``orcid-identifier.path``), the name (credit name, else given + family names),
keywords, the titles of works, the current employment (organisation name, city, country) and
the biography. Never read: ``emails``, ``addresses``, ``researcher-urls``, ``phone`` or any other
contact field, whatever the record holds. An item with a ``visibility`` other than ``public``
(a member-API export may carry ``limited`` ones) is skipped; a private field is simply absent in
a public record, and every reader below accepts its absence (``null``, missing key, empty list).
Free text that looks like an e-mail address or a telephone number is replaced by ``[removed]``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from talentflow.diaspora.model import Profile

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<!\w)\+?\d[\d\s().-]{6,}\d(?!\w)")
SOURCE = "ORCID record JSON (API v3.0), public fields"


class OrcidError(ValueError):
    """A record that cannot be imported; the message names the file and the JSON path."""


def scrub(text: str) -> str:
    """``text`` with anything that looks like an e-mail address or a telephone number removed."""
    return PHONE_RE.sub("[removed]", EMAIL_RE.sub("[removed]", text or ""))


def valid_orcid(orcid: str) -> bool:
    """Format and ISO 7064 MOD 11-2 checksum of an ORCID iD."""
    if not ORCID_RE.match(orcid or ""):
        return False
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:15]:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return digits[15] == ("X" if r == 10 else str(r))


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def _public(item: Any) -> bool:
    vis = item.get("visibility") if isinstance(item, dict) else None
    return vis is None or str(vis).lower() == "public"


def _value(d: Any) -> str:
    v = d.get("value") if isinstance(d, dict) else d
    return str(v).strip() if v else ""


def parse_record(data: Any, where: str = "record") -> Profile:
    """A profile from a parsed ORCID v3.0 record; :class:`OrcidError` when it is not one."""
    if not isinstance(data, dict):
        raise OrcidError(f"{where}: not an ORCID record (a JSON object is expected)")
    orcid = _get(data, "orcid-identifier", "path")
    if not orcid:
        raise OrcidError(f"{where}: orcid-identifier.path: missing (not an ORCID v3.0 record)")
    if not valid_orcid(str(orcid)):
        raise OrcidError(f"{where}: orcid-identifier.path: {str(orcid)[:40]!r} is not a valid ORCID iD")
    person = data.get("person") or {}
    name = ""
    nm = person.get("name")
    if isinstance(nm, dict) and _public(nm):
        name = _value(nm.get("credit-name")) or " ".join(
            x for x in (_value(nm.get("given-names")), _value(nm.get("family-name"))) if x)
    bio = person.get("biography")
    biography = scrub(_value({"value": bio.get("content")})) if isinstance(bio, dict) and _public(bio) else ""
    keywords = []
    for k in _get(person, "keywords", "keyword") or []:
        if isinstance(k, dict) and _public(k) and k.get("content"):
            keywords += [scrub(x.strip()) for x in re.split(r"[;,]", str(k["content"])) if x.strip()]
    acts = data.get("activities-summary") or {}
    titles = []
    for group in _get(acts, "works", "group") or []:
        for ws in (group or {}).get("work-summary") or []:
            if isinstance(ws, dict) and _public(ws):
                t = _value(_get(ws, "title", "title"))
                if t:
                    titles.append(scrub(t))
                break  # one summary per group: the group is one work from several sources
    affiliation = city = country = None
    for group in _get(acts, "employments", "affiliation-group") or []:
        for s in (group or {}).get("summaries") or []:
            emp = (s or {}).get("employment-summary") or {}
            if not _public(emp) or emp.get("end-date"):
                continue
            org = emp.get("organization") or {}
            affiliation = scrub(str(org.get("name") or "")) or None
            addr = org.get("address") or {}
            city = str(addr.get("city") or "") or None
            c = str(addr.get("country") or "")
            country = c.upper() if re.fullmatch(r"[A-Za-z]{2}", c) else None
            break
        if affiliation:
            break
    return Profile(orcid=str(orcid), name=name, country=country, city=city, affiliation=affiliation,
                   keywords=list(dict.fromkeys(keywords)), titles=list(dict.fromkeys(titles)),
                   biography=biography)


def read_record(path: Path) -> Profile:
    """Read one ORCID record JSON file; :class:`OrcidError` names the file and what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise OrcidError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise OrcidError(f"{path}: not UTF-8 text, so not an ORCID record JSON") from None
    except json.JSONDecodeError as exc:
        raise OrcidError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    return parse_record(data, str(path))
