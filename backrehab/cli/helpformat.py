"""click's help formatter without its import of shutil (3 ms of a 50 ms `backrehab --help`).

click asks `shutil.get_terminal_size()` for the width of a help page; importing
shutil (with its archive modules) costs more than everything else `--help` does.
`terminal_columns` gives the same answer from `os` alone: $COLUMNS when it is a
positive number, else the width of the terminal on stdout, else 80.
"""

from __future__ import annotations

import os
import sys

import click
import click.formatting


def terminal_columns() -> int:
    """The columns `shutil.get_terminal_size()` would report (tests/test_startup.py compares the two)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(click.HelpFormatter):
    """click's formatter, told the width instead of asking shutil for it."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None and click.formatting.FORCED_WIDTH is None:
            width = max(min(terminal_columns(), 80 if max_width is None else max_width) - 2, 50)
        super().__init__(indent_increment, width, max_width)


class Context(click.Context):
    """A click context whose help pages use `HelpFormatter`."""

    formatter_class = HelpFormatter
