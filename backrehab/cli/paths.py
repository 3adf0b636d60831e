"""The click type for the names of files and folders the person gives: the group's options use it.

Apart from `params`: `backrehab --help` builds the group's options, and needs this type but none of
the others (about 0.4 ms of its start to import them).
"""

from __future__ import annotations

from typing import Any

import click


class FilePath(click.Path):
    """click.Path that gives a `pathlib.Path`, importing pathlib only when a value comes in (not for --help).

    An empty name is refused (it would otherwise mean the current folder), and a bad value that came
    from an environment variable is reported under that variable's name, which is what the person set.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import os
        from pathlib import Path

        if isinstance(value, (str, bytes)) and not value:
            self.fail(f"an empty name is not a {'file' if self.file_okay else 'folder'}", param, ctx)
        try:
            return Path(os.fsdecode(super().convert(value, param, ctx)))
        except click.BadParameter as error:
            variable = _from_environment(param, ctx)
            if variable is None:
                raise
            raise click.BadParameter(error.message, ctx, param_hint=f"environment variable {variable}") from None


def _from_environment(param: click.Parameter | None, ctx: click.Context | None) -> str | None:
    """The environment variable that gave `param` its value, if one did."""
    import os

    if param is None or ctx is None or param.name is None:
        return None
    if ctx.get_parameter_source(param.name) is not click.core.ParameterSource.ENVIRONMENT:
        return None
    names = [param.envvar] if isinstance(param.envvar, str) else list(param.envvar or ())
    return next((name for name in names if os.environ.get(name)), None)


class OutputFile(FilePath):
    """A file to write, or '-' for standard output: only a new file or a regular one is ever replaced.

    A device, FIFO, socket or folder, or a symlink to one (`/dev/full`, `/dev/stdout`), is refused
    before anything is made: writing "over" it would destroy something no one meant as an output.
    """

    def __init__(self) -> None:
        super().__init__(allow_dash=True)  # a folder is refused below, in the same words as a FIFO

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from backrehab.plainfiles import NotAFile, existing_target
        from backrehab.printable import shown

        path = super().convert(value, param, ctx)
        if str(path) == "-":
            return path
        try:
            existing_target(path)
        except NotAFile as why:
            advice = "give a file's name, or '-' for standard output"
            self.fail(f"{shown(str(path))} is {why.strerror}; {advice}", param, ctx)
        except OSError:
            pass  # a folder that cannot be searched, say: the write tells what is wrong
        return path
