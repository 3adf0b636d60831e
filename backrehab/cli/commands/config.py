"""backrehab config: where the config file is and what it sets."""

from __future__ import annotations

import click

from backrehab.cli.context import State
from backrehab.cli.output import echo
from backrehab.printable import shown
from backrehab.settings.ineffect import effective_settings
from backrehab.userdirs import config_path


@click.group("config")
def config_group() -> None:
    pass  # a group of two commands; its help, like every command's first line, is in `LAZY_COMMANDS`


@config_group.command("path")
@click.pass_obj
def config_path_command(state: State) -> None:
    """Print where the config file is (or would be)."""
    echo(str(state.config_path or config_path()))


@config_group.command("show")
@click.pass_obj
def config_show_command(state: State) -> None:
    """Print the settings in effect and where each comes from."""
    config = state.config()
    present = "" if config.path and config.path.exists() else " (not present)"
    echo(shown(f"# config file: {config.path}{present}"))
    for key, value, origin in effective_settings(config):
        echo(shown(f"{key}: {value}  # {origin}"))  # one line each
