"""Problems found in a file the person wrote, located like a compiler message, and the error that carries them all.

Every checker (the catalogue's, the config's, the figures') collects its problems rather than
stopping at the first, so a person editing their own file sees every mistake in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrehab.printable import clip, shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue or config file, and where: file, line, column, key."""

    file: str
    line: int | None
    column: int | None
    message: str
    where: str | None = None

    def __str__(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        # `where` can hold a key as the file spells it, line breaks and all: keep the problem on one line.
        where = f" {clip(shown(self.where), 80)}:" if self.where else ""
        # Every part may echo what the file holds: control characters are shown as escapes, never sent.
        return shown(f"{loc}:{where} {self.message}")


class InputError(Exception):
    """Every problem found in one file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)
