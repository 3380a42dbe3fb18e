"""talentflow — an observatory for intellectual migration (brain drain, brain gain, brain circulation).

The pipeline reads in one direction, and so do the imports:
documents → ``ingest`` → ``nlp`` → ``coding`` → ``analysis`` → ``recommend`` → ``report``;
figures → ``stats`` (importers → store → indicators → checks → charts);
every package that keeps data → ``db`` (one store, one migration history).
"""

__version__ = "0.1.0"
