"""Reference human codings shipped with talentflow, and the claim language they are written in.

The paper's Table 1 (Konarbayeva & Kantarbayeva 2025) is kept as levels and claims only, not as
its wording. Claims use the coding stage's syntax (``talentflow.coding.claims``): clauses
separated by ``;``, alternatives joined by ``or``. Single-alternative claims become level
bounds of a cell; alternatives ("return>=3 or repatriation>=3") cannot be pinned to one cell and
count only as claims.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from talentflow.coding.claims import Claim, ClaimError, parse_claims
from talentflow.exchange.human import HumanCoding, HumanCodingError, HumanLevel

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
REFERENCES = {"paper-table1": "paper_table1"}
PAPER_CITATION = (
    "Konarbayeva, Kantarbayeva (2025), state regulation of intellectual migration in Kazakhstan, "
    "Table 1; https://doi.org/10.52821/2789-4401-2025-5-60-76"
)
#: The same citation as a reader of each language finds it: the paper's own Russian, Kazakh
#: and English titles (it was published with all three), not an English paraphrase.
PAPER_CITATIONS = {
    "en": "Konarbayeva M. M., Kantarbayeva Sh. M. (2025). State regulation of intellectual migration in "
          "Kazakhstan: an analysis in the context of sustainable development, Table 1; "
          "https://doi.org/10.52821/2789-4401-2025-5-60-76",
    "ru": "Конарбаева М. М., Кантарбаева Ш. М. (2025). Государственное регулирование интеллектуальной "
          "миграции в Казахстане в контексте устойчивого развития, таблица 1; "
          "https://doi.org/10.52821/2789-4401-2025-5-60-76",
    "kk": "Конарбаева М. М., Қантарбаева Ш. М. (2025). Қазақстандағы интеллектуалдық көші-қонды мемлекеттік "
          "реттеу: тұрақты даму контексіндегі талдау, 1-кесте; https://doi.org/10.52821/2789-4401-2025-5-60-76",
}


def citation_in(citation: str, lang: str) -> str:
    """``citation`` in ``lang`` where it is the paper's (whose titles in each language are known)."""
    return PAPER_CITATIONS.get(lang, citation) if citation == PAPER_CITATION else citation


LEVEL_COLUMNS = ["doc_id", "category", "level_min", "level_max", "gap"]


@dataclass(frozen=True)
class ReferenceClaim:
    """A claim of the coding stage's syntax, tied to the document it is about and its basis."""

    document: str
    claim: Claim
    basis: str = ""

    @property
    def text(self) -> str:
        return " or ".join(str(a) for a in self.claim.alternatives)

    def categories(self) -> set[str]:
        return set(self.claim.categories)

    def holds(self, levels: dict[str, int], gaps: set[str]) -> bool:
        return self.claim.holds(levels, gaps)


def parse_reference_claims(document: str, text: str, basis: str = "", where: str = "") -> list[ReferenceClaim]:
    """Parse ``brain_drain>=1; gap:retention; return>=3 or repatriation>=3`` for one document."""
    try:
        return [ReferenceClaim(document, c, basis) for c in parse_claims(text or "")]
    except ClaimError as exc:
        raise HumanCodingError(f"{where or document}: {exc}") from exc


def levels_from_claims(claims: list[ReferenceClaim]) -> list[HumanLevel]:
    """Cell bounds implied by single-alternative claims; a gap implies level ≥ 1 (gap is level 1).

    ``!=`` and alternatives say nothing about one cell's bounds and are kept as claims only.
    """
    bounds: dict[tuple[str, str], tuple[int, int, bool | None]] = {}
    for ref in claims:
        if len(ref.claim.alternatives) != 1:
            continue
        atom = ref.claim.alternatives[0]
        lo, hi, gap = bounds.get((ref.document, atom.category), (0, 4, None))
        v = atom.value
        if atom.op == "gap":
            lo, gap = max(lo, 1), True
        elif atom.op == "nogap":
            gap = False
        elif atom.op in (">=", ">"):
            lo = max(lo, v + (atom.op == ">"))
        elif atom.op in ("<=", "<"):
            hi = min(hi, v - (atom.op == "<"))
        elif atom.op == "==":
            lo, hi = max(lo, v), min(hi, v)
        else:
            continue
        if lo > hi:
            raise HumanCodingError(f"{ref.document}: claims on {atom.category} contradict each other ({lo} > {hi})")
        bounds[(ref.document, atom.category)] = (lo, hi, gap)
    return [HumanLevel(doc, cat, lo, hi, gap, "reference") for (doc, cat), (lo, hi, gap) in bounds.items()]


def levels_csv(levels: list[HumanLevel], citation: str) -> str:
    buf = io.StringIO()
    buf.write(f"# Derived by talentflow.exchange.reference.levels_from_claims from the claims of: {citation}\n")
    buf.write("# level_min..level_max: bounds on the 0-4 depth level; gap: true where the source records an acknowledged gap\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LEVEL_COLUMNS)
    for lv in levels:
        w.writerow([lv.document, lv.category, lv.level_min, lv.level_max, "true" if lv.gap else ""])
    return buf.getvalue()


def read_claims_csv(path: Path) -> list[ReferenceClaim]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    claims = []
    for i, row in enumerate(rows, start=2):
        claims += parse_reference_claims(row["doc_id"], row.get("claims", ""), row.get("claims_basis", ""), f"{path}:{i}")
    return claims


def load_reference(name: str = "paper-table1") -> HumanCoding:
    """A shipped reference as a document-level ``HumanCoding`` with its claims and citation.

    Cells the reference did not code are absent (not coded), so agreement leaves them out.
    """
    if name not in REFERENCES:
        raise HumanCodingError(f"unknown reference {name!r}; available: {', '.join(sorted(REFERENCES))}")
    from talentflow.exchange.human import read_csv_coding

    stem = REFERENCE_DIR / REFERENCES[name]
    coding = read_csv_coding(stem.with_suffix(".levels.csv"))
    coding.claims = read_claims_csv(stem.with_suffix(".csv"))
    coding.citation = PAPER_CITATION
    coding.source = name
    return coding


PAPER_COLUMNS = ["doc_id", "title", "date", "claims", "claims_basis"]


def build_paper_reference(source_csv: str | Path, out_dir: str | Path = REFERENCE_DIR) -> list[Path]:
    """Rebuild ``paper_table1.csv`` and ``paper_table1.levels.csv`` from the research corpus file.

    Only the columns that may be redistributed are kept (the paper's wording of its cells and
    readings is dropped); the levels are derived from the claims by ``levels_from_claims``.
    """
    from talentflow.io.atomic import write_text

    source_csv, out_dir = Path(source_csv), Path(out_dir)
    with source_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    missing = [c for c in PAPER_COLUMNS if rows and c not in rows[0]]
    if not rows or missing:
        raise HumanCodingError(f"{source_csv}: expected columns {', '.join(PAPER_COLUMNS)}; missing {', '.join(missing)}")
    buf = io.StringIO()
    buf.write(
        "# Konarbayeva, Kantarbayeva (2025), Table 1: the documents the paper coded and the claims it makes "
        "about each (levels and claims only; the paper's wording is not reproduced). "
        "DOI https://doi.org/10.52821/2789-4401-2025-5-60-76\n"
    )
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PAPER_COLUMNS)
    claims: list[ReferenceClaim] = []
    for i, row in enumerate(rows, start=2):
        w.writerow([row[c] for c in PAPER_COLUMNS])
        claims += parse_reference_claims(row["doc_id"], row["claims"], row["claims_basis"], f"{source_csv}:{i}")
    return [
        write_text(out_dir / "paper_table1.csv", buf.getvalue()),
        write_text(out_dir / "paper_table1.levels.csv", levels_csv(levels_from_claims(claims), PAPER_CITATION)),
    ]
