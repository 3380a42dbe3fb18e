"""What an import found wrong: file, row, column, rule and reason, in ru/kk/en.

Messages never repeat a national id or a birth date (the checks that concern them say why a
value is wrong, not what it was), because errors are outputs too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentflow.monitor.rules import message, rule_text


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None
    column: str | None
    rule: str
    importance: str  # error | warning
    fields: tuple[tuple[str, object], ...] = ()
    sheet: str | None = None

    def reason(self, lang: str = "en") -> str:
        data = dict(self.fields)
        try:
            return message(self.rule, lang, **data)
        except KeyError:
            return rule_text(self.rule, lang)

    def render(self, lang: str = "en") -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return f"{', '.join(parts)}: {self.reason(lang)} [{self.rule}]"


@dataclass
class RegistryImportError(Exception):
    """A file was refused: every error found (the store holds nothing of it)."""

    issues: list[Issue]
    total: int = 0  # errors found, when more than ``issues`` lists
    lang: str = field(default="en")

    def __post_init__(self) -> None:
        self.total = max(self.total, len(self.issues))
        super().__init__(self.__str__())

    def __str__(self) -> str:
        lines = [i.render(self.lang) for i in self.issues]
        if self.total > len(self.issues):
            lines.append(f"… and {self.total - len(self.issues)} more error(s)")
        return "\n".join(lines)

    @property
    def first(self) -> Issue:
        return self.issues[0]
