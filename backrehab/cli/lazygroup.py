"""The `backrehab` group's machinery: commands imported only when one of them runs, and a help page
laid out without shutil.

`backrehab --help` and `backrehab list` would otherwise import every command's
module (and what those import) at each start. Each lazy command is named by
"module:attribute" with its one-line help beside it, so the group's `--help`
lists every command without importing any. That line is the one place a
command's summary is written: loaded, a command's help page opens on it.

click asks `shutil.get_terminal_size()` for the width of a help page; importing
shutil (with its archive modules) costs more than everything else `--help` does.
`terminal_columns` gives the same answer from `os` alone.
"""

from __future__ import annotations

import importlib
import inspect  # click imports it already
import os
import sys
from gettext import gettext as _
from typing import TYPE_CHECKING

import click
import click.formatting

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping


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


class LazyCommand:
    """Where a command lives ("package.module:attribute") and the first paragraph of its help.

    A plain class: a NamedTuple or dataclass would cost `--help` more than the rest of this module.
    """

    __slots__ = ("help", "target")

    def __init__(self, target: str, help: str) -> None:
        self.target = target
        self.help = help


class LazyGroup(click.Group):
    """A `click.Group` that imports a lazy command's module on first use: when it runs or completes.

    Its help page is laid out by `HelpFormatter`, which spares `--help` the import of shutil.
    """

    context_class = Context

    def __init__(self, *args: object, lazy_commands: Mapping[str, LazyCommand] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands: dict[str, LazyCommand] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(self.load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, name: str) -> click.Command:
        """Import the lazy command `name`, its help page opening on its stored line (`get_command` keeps it).

        The line is written once, in the map; the command's docstring holds only what its help says after it.
        """
        lazy = self.lazy_commands[name]
        module_name, _, attribute = lazy.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong map entry, caught by the tests
            raise TypeError(f"{lazy.target} is not a click command")
        details = inspect.cleandoc(command.help or "")
        if not details.startswith(lazy.help):
            command.help = f"{lazy.help}\n\n{details}" if details else lazy.help
        return command

    def listed(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command as the help page lists it: loaded if it already is, else a stand-in carrying its help."""
        if name in self.lazy_commands and name not in self.commands:
            return click.Command(name, help=self.lazy_commands[name].help)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing of commands, but from the stored help lines: no command is imported."""
        commands = [(name, command) for name in self.list_commands(ctx) if (command := self.listed(ctx, name))]
        commands = [(name, command) for name, command in commands if not command.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])
