"""Monitoring and evaluation of talent programmes: a pseudonymised registry of participants,
cohort indicators, a results framework with targets and progress status, and disclosure control.

Knows nothing of HTTP or terminals: the command line, the report and the web application call
the one public entry, :func:`open_registry` (and :func:`results_framework` for the M&E face).
See docs/monitoring.md.
"""

from talentflow.monitor.framework import results_framework
from talentflow.monitor.registry import Registry, open_registry

__all__ = ["Registry", "open_registry", "results_framework"]
