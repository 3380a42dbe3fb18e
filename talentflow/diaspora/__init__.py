"""Diaspora engagement: an opt-in directory of scientists and professionals abroad, requests from
home institutions matched across Russian, Kazakh and English, and engagements that feed
monitoring (issue 14). Knows nothing of HTTP or terminals.

Public entry: :func:`open_directory` (profiles, consent, matching, export, erasure, requests,
invitations, engagements, reports) and, for the results framework, :func:`engagement_indicators`.
See docs/diaspora.md.
"""

from talentflow.diaspora.directory import Directory, open_directory
from talentflow.diaspora.indicators import engagement_indicators
from talentflow.diaspora.model import KINDS, PURPOSES, DiasporaError, Filters, Match, Profile
from talentflow.diaspora.orcid import OrcidError

__all__ = ["KINDS", "PURPOSES", "DiasporaError", "Directory", "Filters", "Match", "OrcidError", "Profile",
           "engagement_indicators", "open_directory"]
