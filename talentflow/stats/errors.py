"""Errors of the statistics store and its importers.

Every import error says *where* the bad input is (file, sheet, row, column) so that a user can
open the file and fix it: a statistics office spreadsheet has thousands of cells and "invalid
value" alone is useless.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in an input file. Rows are 1-based as a spreadsheet or text editor shows them."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class DataImportError(Exception):
    """An input file could not be imported; nothing of it was written to the store."""

    def __init__(self, message: str, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.reason = message
        self.location = Location(file=file, sheet=sheet, row=row, column=column)
        super().__init__(self._render())

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def sheet(self) -> str | None:
        return self.location.sheet

    @property
    def row(self) -> int | None:
        return self.location.row

    @property
    def column(self) -> str | None:
        return self.location.column

    def _render(self) -> str:
        loc = self.location
        if loc == Location():
            return self.reason
        return f"{loc}: {self.reason}"

    def at(self, file: str | None = None, sheet: str | None = None, row: int | None = None,
           column: str | None = None) -> DataImportError:
        """Fill in the parts of the location that are still unknown (the innermost code knows the
        cell, the importer knows the file)."""
        loc = self.location
        self.location = Location(
            file=loc.file or file,
            sheet=loc.sheet if loc.sheet is not None else sheet,
            row=loc.row if loc.row is not None else row,
            column=loc.column if loc.column is not None else column,
        )
        self.args = (self._render(),)
        return self


class UnknownCountryError(DataImportError, LookupError):
    """A country or area name that neither the alias table nor ISO 3166 knows.

    Raised rather than dropping the row: a silently missing destination would change every
    total computed from the file."""

    def __init__(self, name: str, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.name = name
        super().__init__(f"unknown country or area {name!r} (add it to the alias table)",
                         file=file, sheet=sheet, row=row, column=column)
