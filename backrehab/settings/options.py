"""The options in effect for a plan, worked out once for every command that shows or runs one.

`list`, `show`, `routines`, `export` and `session` (with `--plan` too) all call
`options_in_effect`, so they agree on how long each exercise takes. Kept apart from
`settings.py` (how a session looks and sounds) so that `list` and `show` need not load it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar, overload

from backrehab.plan import PlanOptions
from backrehab.settings.defaults import DEFAULT_LEAD_IN, DEFAULT_REST, Order

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.settings.configfile import Config
    from backrehab.settings.routines import ResolvedRoutine

T = TypeVar("T")


@overload
def first_set(*values: T | None, default: T) -> T: ...


@overload
def first_set(*values: T | None) -> T | None: ...


def first_set(*values: T | None, default: T | None = None) -> T | None:
    """The first value that is set (not None), in order of precedence; `default` when none is."""
    return next((value for value in values if value is not None), default)


def options_in_effect(
    config: Config | None,
    *,
    holds: Mapping[str, int],
    rest: float | None = None,
    lead_in: float | None = None,
    order: Order | None = None,
    routine: ResolvedRoutine | None = None,
    only: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> PlanOptions:
    """The plan options for `list`, `show`, `routines`, `export` and `session` alike.

    Rest and lead-in: the command line's (None when not given), else the config file's
    (`config` is None when there is no file), else the defaults. `holds` are the person's
    current holds (progression); a routine's own holds and reps win over them for its
    exercises. Every command that shows a time uses this, so they all agree on how long an
    exercise takes.
    """
    options = PlanOptions(
        only=only,
        skip=skip,
        rest=first_set(rest, config.rest if config else None, default=DEFAULT_REST),
        lead_in=first_set(lead_in, config.lead_in if config else None, default=DEFAULT_LEAD_IN),
        order=first_set(order, default=Order.SOURCE),
        holds=dict(holds),
    )
    return routine.apply(options) if routine is not None else options
