"""One problem found in a file the user gave us, located like a compiler message.

Apart from `inputerror`: a start that finds the checked catalogue in the cache needs the error class
(`catalogue.CatalogueError`) but makes no problem, and this frozen dataclass costs every start about
0.7 ms to build. The checkers (`yamlcheck` and those that use it) import it from here.
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
