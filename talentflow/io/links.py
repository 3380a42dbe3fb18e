"""Which URLs may become links in the HTML talentflow writes: ``http``, ``https`` and ``mailto`` only.

A ``source_url`` comes from data files, corpus manifests and fetched pages, so it may be
``javascript:alert(1)`` — or the same spelled to slip past a naive check: ``JaVaScRiPt:``,
``java\\tscript:``, ``&#106;avascript:``, a leading space or control character. A browser
ignores tabs and newlines inside a URL and strips leading controls and spaces, and the HTML
parser decodes entities in an attribute before that, so the scheme is read the same way here:
entities decoded, whitespace and controls removed, case folded. Anything else — no scheme, another
scheme, a scheme that is not ASCII — is shown as text, never as a link.

:data:`REPORT_CSP` is the Content-Security-Policy of the self-contained HTML report: it inlines
its stylesheet and its charts as ``data:`` images and has no script, so it allows exactly that.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")

#: No script, no plugin, no remote fetch: inline CSS and data: images only (what the report inlines).
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "base-uri 'none'; form-action 'none'")


def safe_href(url: object) -> str | None:
    """``url`` when a browser would open it as http(s) or mailto, else ``None`` (show it as text)."""
    if url is None:
        return None
    text = str(url)
    if not text.strip() or len(text) > 8192:
        return None
    decoded = html.unescape(text)
    probe = _IGNORED.sub("", decoded)
    m = _SCHEME.match(probe)
    if not m or m.group(1).lower() not in SAFE_SCHEMES:
        return None
    # the link as a browser would read it: no tabs or newlines, no surrounding blanks
    return re.sub(r"[\t\n\r]", "", decoded).strip()
