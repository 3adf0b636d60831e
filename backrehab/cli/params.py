"""Click parameter types, so bad values fail with click's own message and exit status 2."""

from __future__ import annotations

import enum
import math
import os
import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import click

from backrehab.printable import shown

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.model import Catalogue


if TYPE_CHECKING:  # pragma: no cover
    from click.shell_completion import CompletionItem


class EnumChoice(click.Choice):
    """One of an enum's values, given to the command as the enum member.

    `--help`, errors and completion list the values (big, compact, plain) as click.Choice does;
    click's Choice handed the enum itself would match and show the members' names (BIG) instead.
    """

    def __init__(self, enum_type: type[enum.Enum], *more: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        #: With `more`, one of several enums' values (a handout's format or a recording's), as that enum's member.
        self.enum_types = (enum_type, *more)
        super().__init__([member.value for kind in self.enum_types for member in kind])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> enum.Enum:
        if isinstance(value, self.enum_types):
            return value
        chosen = super().convert(value, param, ctx)
        return next(kind(chosen) for kind in self.enum_types if chosen in {m.value for m in kind})


class Seconds(click.ParamType):
    """A finite number of seconds; zero allowed unless `positive`."""

    name = "seconds"

    def __init__(self, *, positive: bool = False, maximum: float = 3600.0) -> None:
        self.positive = positive
        self.maximum = maximum

    def number(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """`value` as a finite number, or click's failure."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"'{value}' is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"'{value}' is not a finite number", param, ctx)
        return number

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        number = self.number(value, param, ctx)
        if self.positive and number <= 0:
            self.fail(f"must be greater than 0, got {value}", param, ctx)
        if number < 0:
            self.fail(f"must not be negative, got {value}", param, ctx)
        if number > self.maximum:
            self.fail(f"must be at most {self.maximum:g}, got {value}", param, ctx)
        return number


class Factor(Seconds):
    """A positive speed factor such as 2 or 0.5; not below `minimum`, where waits would overflow the clock."""

    name = "factor"
    minimum = 0.01

    def __init__(self) -> None:
        super().__init__(positive=True, maximum=1_000_000.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        number = self.number(value, param, ctx)
        if not self.minimum <= number <= self.maximum:
            self.fail(f"must be from {self.minimum:g} to {self.maximum:.0f}, got {value}", param, ctx)
        return number


class TimeOfDay(click.ParamType):
    """A time of day on the 24-hour clock, HH:MM from 00:00 to 23:59."""

    name = "HH:MM"
    pattern = re.compile(r"([0-9]{1,2}):([0-9]{2})")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> time:
        if isinstance(value, time):
            return value
        found = self.pattern.fullmatch(str(value).strip())
        if found is None:
            self.fail(f"'{value}' is not a time: write HH:MM on the 24-hour clock, e.g. 08:00 or 18:30", param, ctx)
        hour, minute = int(found[1]), int(found[2])
        if hour > 23 or minute > 59:
            self.fail(f"'{value}' is not a time of day: use 00:00 to 23:59", param, ctx)
        return time(hour, minute)


class Day(click.ParamType):
    """A calendar day written YYYY-MM-DD, no later than `latest` (which `too_late` explains)."""

    name = "YYYY-MM-DD"
    pattern = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")

    def __init__(self, *, latest: date = date.max, too_late: str = "") -> None:
        self.latest = latest
        self.too_late = too_late

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        found = self.pattern.fullmatch(str(value).strip())
        if found is None:
            self.fail(f"'{value}' is not a date: write YYYY-MM-DD, e.g. 2026-03-02", param, ctx)
        year, month, day = int(found[1]), int(found[2]), int(found[3])
        try:
            chosen = date(year, month, day)
        except ValueError:
            self.fail(f"'{value}' is not a real date{_why_not_a_date(year, month)}", param, ctx)
        if chosen > self.latest:
            self.fail(f"'{value}' is too late: {self.too_late or f'the latest is {self.latest}'}", param, ctx)
        return chosen


class Moment(click.ParamType):
    """When something was done: YYYY-MM-DD, or YYYY-MM-DD HH:MM; `today` or `yesterday` for the day, a time after
    it optional. A day without a time takes the time it is now. Given as a datetime with the local UTC offset.

    Never in the future, nor before `earliest`: now comes from the state's wall clock, so tests can pin it.
    """

    name = "WHEN"
    pattern = re.compile(r"(today|yesterday|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:[ T]+([0-9]{1,2}:[0-9]{2}))?")

    def __init__(self, *, earliest: date) -> None:
        self.earliest = earliest

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        from backrehab.cli.context import state_from  # not at the top: the group's `--help` builds these types

        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        found = self.pattern.fullmatch(text.lower())
        if found is None:
            self.fail(
                f"'{value}' is not a date and time: write YYYY-MM-DD or YYYY-MM-DD HH:MM (24-hour clock), "
                "today or yesterday, e.g. '2026-03-02 18:30' or 'yesterday 18:30'",
                param,
                ctx,
            )
        now = state_from(ctx).surroundings.wall()
        today = now.astimezone().date()
        word, clock = found[1], found[2]
        if word == "today":
            day = today
        elif word == "yesterday":
            day = today - timedelta(days=1)
        else:
            day = Day().convert(word, param, ctx)
        at = TimeOfDay().convert(clock, param, ctx) if clock else now.astimezone().time().replace(microsecond=0)
        if day < self.earliest:
            self.fail(f"'{value}' is before {self.earliest:%Y-%m-%d}: check the year", param, ctx)
        moment = datetime.combine(day, at).astimezone() if day <= today else None
        if moment is None or moment > now:
            self.fail(f"'{value}' is in the future: log a session once it is done", param, ctx)
        return moment


def _why_not_a_date(year: int, month: int) -> str:
    # Not at the top: only to explain a day that does not exist.
    import calendar

    if year < 1:
        return ": years start at 0001"
    if not 1 <= month <= 12:
        return ": months go from 01 to 12"
    return f": {calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"


class IdList(click.ParamType):
    """Comma-separated exercise ids or names, checked against the catalogue in use."""

    name = "ids"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        names = [part.strip() for part in str(value).split(",") if part.strip()]
        if not names:
            self.fail("give at least one exercise id", param, ctx)
        # Not at the top: the group's --help builds these types.
        from backrehab.catalogue.model import unknown_exercise_message

        catalogue = catalogue_from(ctx)
        ids: list[str] = []
        for name in names:
            exercise = catalogue.find(name)
            if exercise is None:
                self.fail(unknown_exercise_message(catalogue, name), param, ctx)
            elif exercise.id not in ids:
                ids.append(exercise.id)
        return tuple(ids)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        """Complete the last id of the list, after its last comma."""
        # Not at the top: completion: only at a Tab press.
        from backrehab.cli.completion import id_list_items

        return id_list_items(ctx, incomplete)


class RoutineName(click.ParamType):
    """The name of a routine in the config file."""

    name = "routine"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from backrehab.cli.context import state_from  # not at the top: the group's `--help` builds these types
        from backrehab.settings.routines import unknown_routine_message

        name = str(value)
        config = state_from(ctx).config()
        if name not in config.routines:
            self.fail(unknown_routine_message(config, name), param, ctx)
        return name

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        # Not at the top: completion: only at a Tab press.
        from backrehab.cli.completion import routine_items

        return routine_items(ctx, incomplete)


def catalogue_from(ctx: click.Context | None) -> Catalogue:
    from backrehab.cli.context import state_from  # not at the top: the group's `--help` builds these types

    return state_from(ctx).catalogue()


class FilePath(click.Path):
    """click.Path that gives a `pathlib.Path`, importing pathlib only when a value comes in (not for --help).

    An empty name is refused (it would otherwise mean the current folder), and a bad value that came
    from an environment variable is reported under that variable's name, which is what the person set.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path  # not at the top: `backrehab --help` builds this type and needs no pathlib

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
        # Not at the top: the group's --help builds these types.
        from backrehab.plainfiles import NotAFile, existing_target

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
