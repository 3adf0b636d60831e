"""Click parameter types, so bad values fail with click's own message and exit status 2."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover
    from .catalogue import Catalogue


class Seconds(click.ParamType):
    """A finite number of seconds; zero allowed unless `positive`."""

    name = "seconds"

    def __init__(self, *, positive: bool = False, maximum: float = 3600.0) -> None:
        self.positive = positive
        self.maximum = maximum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"'{value}' is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"'{value}' is not a finite number", param, ctx)
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
        number = super().convert(value, param, ctx)
        if number < self.minimum:
            self.fail(f"must be at least {self.minimum:g}, got {value}", param, ctx)
        return number


class IdList(click.ParamType):
    """Comma-separated exercise ids or names, checked against the catalogue in use."""

    name = "ids"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        names = [part.strip() for part in str(value).split(",") if part.strip()]
        if not names:
            self.fail("give at least one exercise id", param, ctx)
        catalogue = catalogue_from(ctx)
        ids: list[str] = []
        for name in names:
            exercise = catalogue.find(name)
            if exercise is None:
                self.fail(unknown_exercise_message(catalogue, name), param, ctx)
            elif exercise.id not in ids:
                ids.append(exercise.id)
        return tuple(ids)


def unknown_exercise_message(catalogue: Catalogue, name: str) -> str:
    suggestion = catalogue.suggest(name)
    hint = f" Did you mean '{suggestion}'?" if suggestion else f" Known: {', '.join(catalogue.ids)}."
    return f"No exercise '{name}'.{hint}"


def catalogue_from(ctx: click.Context | None) -> Catalogue:
    from .cli import State

    state = ctx.find_object(State) if ctx else None
    if state is None:
        state = State()
    return state.catalogue()
