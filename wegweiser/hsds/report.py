"""What an import found and did: problems by file, row and column, and counts per table."""

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"Zeile {self.row}" if self.row else "",
                f"Spalte {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "message": self.message,
            "file": self.file,
            "row": self.row,
            "column": self.column,
        }


@dataclass
class ImportReport:
    """``counts[table][outcome]`` with outcome created, updated or unchanged."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    committed: bool = False

    def error(self, message: str, file: str = "", row: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(ERROR, message, file, row, column))

    def warn(self, message: str, file: str = "", row: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(WARNING, message, file, row, column))

    def count(self, table: str, outcome: str, n: int = 1) -> None:
        outcomes = self.counts.setdefault(table, {"created": 0, "updated": 0, "unchanged": 0})
        outcomes[outcome] += n

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "counts": self.counts,
            "problems": [p.as_dict() for p in self.problems],
        }
