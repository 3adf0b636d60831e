"""The error that carries every problem found in one file, apart from the checker that finds them.

A catalogue's error is one (`catalogue.CatalogueError`), and a start that finds the checked
catalogue in the cache needs that class but none of the YAML checking in `yamlcheck`, nor the
`Problem` class itself (`problem.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.problems import Problem


class InputError(Exception):
    """Every problem found in one file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)
