"""Fetch a public ORCID record by iD from the ORCID public API (v3.0), for servers with the network.

Why a separate module: reading a file (:mod:`talentflow.diaspora.orcid`) needs no network and is
what tests and offline installations use; fetching is the same parse behind one HTTP GET. The iD's
format and ISO 7064 MOD 11-2 check digit are verified *before* any request, so a typo never
leaves the machine. The public API (``pub.orcid.org``) answers only what the person made public;
the record is then read by :func:`~talentflow.diaspora.orcid.parse_record`, which keeps public
professional facts and never a contact field. httpx (already a dependency, used by the adilet
fetcher) with a timeout; a transport can be passed in, so tests run with the network mocked.
"""

from __future__ import annotations

import json
import os

import httpx

from talentflow.diaspora.model import Profile
from talentflow.diaspora.orcid import OrcidError, parse_record, valid_orcid

#: The ORCID public API; ``$TALENTFLOW_ORCID_API`` points elsewhere (the sandbox, a mirror).
PUBLIC_API = "https://pub.orcid.org/v3.0"
TIMEOUT_S = 10.0
SOURCE = "ORCID public API v3.0 (pub.orcid.org), public fields"

#: Tests set this to an ``httpx.MockTransport``; ``None`` means the real network.
TRANSPORT: httpx.BaseTransport | None = None


def normalise_id(text: str) -> str:
    """``https://orcid.org/0000-…`` or ``0000…`` (16 characters, no dashes) → ``0000-0000-0000-0000``."""
    s = (text or "").strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
        s = s.removeprefix(prefix)
    if len(s) == 16 and "-" not in s:
        s = "-".join(s[i:i + 4] for i in range(0, 16, 4))
    return s


def check_id(text: str) -> str:
    """The normalised iD, or :class:`OrcidError` saying why it is not one (format or check digit)."""
    orcid = normalise_id(text)
    if not valid_orcid(orcid):
        shown = (text or "").strip()[:40]
        if len(orcid) == 19 and orcid[:18].replace("-", "").isdigit():
            raise OrcidError(f"{shown!r}: the check digit is wrong (ISO 7064 MOD 11-2): not a valid ORCID iD")
        raise OrcidError(f"{shown!r}: not an ORCID iD (expected 0000-0000-0000-000X)")
    return orcid


def fetch_record(orcid: str, *, timeout: float = TIMEOUT_S, transport: httpx.BaseTransport | None = None,
                 base: str | None = None) -> Profile:
    """The public record of ``orcid`` from the ORCID public API, read into a :class:`Profile`.

    :class:`OrcidError` with one line: an invalid iD (no request made), no network or a timeout,
    no such record, an answer that is not an ORCID record, or a record for another iD."""
    orcid = check_id(orcid)
    base = (base or os.environ.get("TALENTFLOW_ORCID_API") or PUBLIC_API).rstrip("/")
    url = f"{base}/{orcid}/record"
    host = httpx.URL(url).host
    try:
        with httpx.Client(timeout=timeout, transport=transport or TRANSPORT, follow_redirects=True,
                          headers={"Accept": "application/json", "User-Agent": "talentflow (diaspora import)"}) as c:
            r = c.get(url)
    except httpx.TimeoutException:
        raise OrcidError(f"{orcid}: {host} did not answer within {timeout:g} s; try again later, or "
                         f"upload the record file instead") from None
    except httpx.HTTPError as exc:
        raise OrcidError(f"{orcid}: cannot reach {host} (offline? {type(exc).__name__}); upload the record "
                         f"file instead") from None
    if r.status_code == 404:
        raise OrcidError(f"{orcid}: no public ORCID record with this iD ({host} answered 404)")
    if r.status_code != 200:
        raise OrcidError(f"{orcid}: {host} answered HTTP {r.status_code}; try again later")
    try:
        data = json.loads(r.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise OrcidError(f"{orcid}: the answer of {host} is not JSON") from None
    profile = parse_record(data, f"{host}/{orcid}")
    if profile.orcid != orcid:
        raise OrcidError(f"{orcid}: {host} returned the record of another iD")
    return profile
