"""How every command speaks: its exit statuses, one escaped line per message, JSON, and rich's console.

Everything a command prints goes through `echo` or `print_json`, so whatever it quotes (a value
typed, a file's name, a path, a database row) can neither act on the terminal nor reorder what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from backrehab.printable import CONTROL_CODES, shown

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

#: Exit statuses: click's own for usage errors (2); ours for the rest.
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_HISTORY = 1


class InputFailure(click.ClickException):
    """A catalogue or config file that failed validation: one line per problem on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            echo(f"Error: {line}", err=True)


def stdout_console(*, force_plain: bool = False) -> Console:
    """rich's console for a command's tables and panels; `force_plain` for text without colour or styles."""
    from rich.console import Console  # not at the top: `--help`, `session --plan` and the JSON forms need no rich

    # emoji=False: no ":name:" codes in our output, so the emoji table need not be loaded (3 ms a start).
    return Console(
        highlight=False, emoji=False, no_color=force_plain or None, force_terminal=False if force_plain else None
    )


def echo(message: str = "", *, err: bool = False) -> None:
    """Print a message, every control character in it escaped (`printable.shown`), newlines kept.

    The one way a message reaches the person: whatever it quotes (a value typed, a file name, a
    path, a database row) can neither act on the terminal nor reorder what it shows.
    """
    click.echo(shown(message, lines=True), err=err)


def print_json(data: Any) -> None:
    """Print `data` as JSON: a control or bidirectional character in a string is written as its \\u escape."""
    import json  # not at the top: `backrehab --help` prints no JSON

    # json escapes C0 controls in strings itself; the newlines left are its own, between lines.
    escapes = {code: f"\\u{code:04x}" for code in CONTROL_CODES if code != 0x0A}
    click.echo(json.dumps(data, indent=2, ensure_ascii=False).translate(escapes))
