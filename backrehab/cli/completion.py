"""Shell completion: the scripts for each shell, and the exercise ids and routine names offered.

Completion runs on every Tab press, inside the shell: whatever is wrong with the
catalogue or the config file, it offers nothing rather than print an error
into the person's command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem, get_completion_class

from backrehab.cli.context import state_from

if TYPE_CHECKING:  # pragma: no cover
    from click.shell_completion import CompletionItem

    from backrehab.cli.context import State

SHELLS = ("bash", "zsh", "fish")
PROG_NAME = "backrehab"
#: The environment variable click's completion scripts set when they call the program.
COMPLETE_VAR = "_BACKREHAB_COMPLETE"


def completion_script(command: click.Command, shell: str) -> str:
    """The script that enables completion of `backrehab` in `shell`."""
    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click.Choice only lets SHELLS through
        raise click.BadParameter(f"no completion for {shell}")
    return cls(command, {}, PROG_NAME, COMPLETE_VAR).source()


def _safely(ctx: click.Context, build: Callable[[State], list[CompletionItem]]) -> list[CompletionItem]:
    try:
        return build(state_from(ctx))
    except Exception:  # a broken file offers nothing; its errors show when the command runs
        return []


def exercise_items(
    ctx: click.Context, incomplete: str, *, prefix: str = "", exclude: set[str] | None = None
) -> list[CompletionItem]:
    """Ids of exercises whose id or name starts with `incomplete` (any case), each with its name as help."""
    wanted = incomplete.strip().casefold()
    skip = exclude or set()

    def build(state: State) -> list[CompletionItem]:
        return [
            CompletionItem(prefix + e.id, help=e.name)
            for e in state.catalogue(figures=False).exercises
            if e.id not in skip and (e.id.startswith(wanted) or e.name.casefold().startswith(wanted))
        ]

    return _safely(ctx, build)


def complete_exercise(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`shell_complete` hook for an argument naming one exercise."""
    return exercise_items(ctx, incomplete)


def id_list_items(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    """For `pelvic-tilt,kn`: ids starting with `kn`, each after `pelvic-tilt,`; listed ones are not offered again."""
    head, comma, last = incomplete.rpartition(",")
    listed = {part.strip() for part in head.split(",") if part.strip()}
    return exercise_items(ctx, last, prefix=head + comma, exclude=listed)


def routine_items(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    """Routine names of the config file starting with `incomplete`, each with its exercises as help."""

    def build(state: State) -> list[CompletionItem]:
        return [
            CompletionItem(name, help=", ".join(e.id for e in routine.entries))
            for name, routine in state.config().routines.items()
            if name.startswith(incomplete)
        ]

    return _safely(ctx, build)
