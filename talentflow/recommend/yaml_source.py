"""Reading the human-edited YAML catalogues so that every error points at a file, line and field.

The practice catalogue and the recommendation rules are edited by analysts, not programmers; an
error like "field required" is useless without the place it refers to. Parsing keeps the YAML
node tree, so a pydantic error location (``practices → 3 → outcomes → 0 → value``) can be
turned back into the line it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class CatalogueError(ValueError):
    """A catalogue or rule file that cannot be used: names the file, the line and the field."""

    def __init__(self, path: str | Path, message: str, line: int | None = None, field: str = ""):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


class YamlSource:
    """A parsed YAML file together with its node tree, for locating values by path."""

    def __init__(self, path: Path, data: Any, root: yaml.Node | None):
        self.path = path
        self.data = data
        self.root = root

    @classmethod
    def read(cls, path: str | Path) -> YamlSource:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CatalogueError(path, "file not found") from None
        except UnicodeDecodeError as e:
            raise CatalogueError(path, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(e, "problem", None) or str(e)
            raise CatalogueError(path, f"invalid YAML: {problem}", line) from None
        return cls(path, data, root)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The 1-based line of the deepest node on ``loc`` that exists in the file."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == key:
                        nxt = v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                nxt = node.value[key]
            if nxt is None:
                break
            node = nxt
            line = node.start_mark.line + 1
        return line

    def error(self, loc: Sequence[str | int], message: str) -> CatalogueError:
        return CatalogueError(self.path, message, self.line_of(loc), ".".join(str(x) for x in loc))

    def from_validation(self, err: ValidationError, prefix: Sequence[str | int] = ()) -> CatalogueError:
        """The first pydantic error, located in the file (the others usually follow from it)."""
        first = err.errors()[0]
        loc = [*prefix, *(x for x in first["loc"] if not (isinstance(x, str) and x.startswith("function-")))]
        return self.error(loc, first["msg"])

    def validate(self, model: type[M], expected: str) -> M:
        """The file as ``model``; a non-mapping or an invalid field raises a located error."""
        if not isinstance(self.data, dict):
            raise self.error([], f"expected a mapping with {expected}")
        try:
            return model.model_validate(self.data)
        except ValidationError as e:
            raise self.from_validation(e) from None

    def check_unique(self, items: Sequence[Any], section: str, kind: str) -> None:
        """Ids must be unique within a section; the duplicate is located in the file."""
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise self.error([section, i, "id"], f"duplicate {kind} id {item.id!r}")
            seen.add(item.id)
