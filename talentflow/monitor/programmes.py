"""The programmes a registry accepts (``talentflow/data/monitor/programmes.yaml`` plus the
operator's own file): code, whose national ids it registers, names in en/ru/kk, synthetic or
not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

PROGRAMMES_FILE = Path(__file__).resolve().parents[1] / "data" / "monitor" / "programmes.yaml"


@dataclass(frozen=True)
class Programme:
    code: str
    country: str
    name: dict[str, str]
    synthetic: bool = False

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name["en"]


def load_programmes(*extra: str | Path) -> dict[str, Programme]:
    """Shipped programmes, then each extra file's (a later file may redefine a code)."""
    out: dict[str, Programme] = {}
    for path in (PROGRAMMES_FILE, *extra):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for p in data.get("programmes", []):
            code = str(p["code"]).strip().upper()
            name = p.get("name") or {}
            if isinstance(name, str):
                name = {"en": name}
            name = {lang: name.get(lang) or name.get("en") or code for lang in ("en", "ru", "kk")}
            out[code] = Programme(code, str(p.get("country", "")).upper(), name, bool(p.get("synthetic", False)))
    return out
