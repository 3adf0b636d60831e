"""What every command shares: the group's options, and the catalogue, config and history loaded on first use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backrehab.cache import cached_holds, catalogue_holds
from backrehab.catalogue.load import load_catalogue
from backrehab.catalogue.model import Catalogue, CatalogueError
from backrehab.cli.output import InputFailure, echo
from backrehab.plan import PlanOptions
from backrehab.settings.defaults import Order
from backrehab.settings.ineffect import options_in_effect
from backrehab.userdirs import ENV_CONFIG, config_path, database_path, user_cache_path

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.history.progression import CachedCheckpoints, HoldProgress
    from backrehab.session.surroundings import Surroundings
    from backrehab.settings.configfile import Config
    from backrehab.settings.routines import ResolvedRoutine


class State:
    """What the group's options decided, shared with every command through click's context.

    It loads what a command asks for, once: the catalogue, the config file, the current holds.
    The history (sqlite3) and the config file's checker (PyYAML) are imported where they are first
    needed, since most starts need neither: the holds come from the cache, and most people have no
    config file.
    """

    def __init__(
        self,
        catalogue_path: Path | None = None,
        config_path: Path | None = None,
        data_dir: Path | None = None,
        surroundings: Surroundings | None = None,
        *,
        use_cache: bool = True,
    ) -> None:
        self.catalogue_path = catalogue_path
        self.config_path = config_path
        self.data_dir = data_dir
        #: False with `--no-cache`: the catalogue is checked and the holds worked out at every start.
        self.use_cache = use_cache
        #: Why the history could not be read for the current holds, if it could not.
        self.history_problem: Exception | None = None
        self._catalogue: Catalogue | None = None
        #: True while the catalogue held was read without its figures (`catalogue(figures=False)`).
        self._figures_left_out = False
        self._surroundings = surroundings
        self._config: Config | None = None

    @property
    def surroundings(self) -> Surroundings:
        """The clocks, keys and terminal checks: those the caller passed as click's `obj`, else the real ones."""
        if self._surroundings is None:
            from backrehab.session.surroundings import Surroundings  # the real clock, keys and terminal

            self._surroundings = Surroundings()
        return self._surroundings

    def catalogue(self, *, figures: bool = True) -> Catalogue:
        """The catalogue, read on first use; with `figures` False its figures may be left out (all None).

        Only what draws no figure passes False (`list`'s table, `show` into a pipe, completion, the
        holds): a catalogue from the cache then builds none of the pose classes, about 3 ms of a start.
        """
        if self._catalogue is None or (figures and self._figures_left_out):
            try:
                self._catalogue = load_catalogue(self.catalogue_path, cache_folder=self.cache_folder(), figures=figures)
            except CatalogueError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
            self._figures_left_out = not figures
        return self._catalogue

    def routine(self, name: str) -> ResolvedRoutine:
        """A routine of the config file with every id checked against the catalogue."""
        from backrehab.settings.routines import RoutineError, resolve_routine  # the config file's classes

        try:
            return resolve_routine(self.config(), name, self.catalogue())
        except RoutineError as error:
            raise InputFailure([str(p) for p in error.problems]) from None

    def config(self) -> Config:
        if self._config is None:
            from backrehab.settings.configfile import ConfigError, load_config  # and PyYAML

            try:
                self._config = load_config(self.config_path)
            except ConfigError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
        return self._config

    def cache_folder(self) -> Path | None:
        """Where derived data is kept between runs (`cache.py`); None with `--no-cache`."""
        if not self.use_cache:
            return None
        return user_cache_path()

    def config_if_any(self) -> Config | None:
        """The config file's settings; None when there is no file, found out without loading the config module.

        Most people have no config file, and `list` and `show` would otherwise spend about 3 ms of
        start-up building the config's classes to learn that nothing is set.
        """
        default_place = self._config is None and self.config_path is None and not os.environ.get(ENV_CONFIG)
        try:
            if default_place and not config_path().exists():
                return None
        except OSError:  # a folder that cannot be entered: loading it says so, as one line
            pass
        return self.config()

    def history_path(self) -> Path:
        return database_path(self.data_dir)

    def progress(self, catalogue: Catalogue, *, building_up_only: bool = False) -> dict[str, HoldProgress]:
        """Each exercise's hold progress; a history that cannot be read is a `HistoryError`.

        With `building_up_only`, only exercises whose hold can move, and the history's results of those alone:
        what the current holds need, read without the rows of every other exercise.
        """
        # Not at the top: the history (sqlite3): only when the cache lacks the holds.
        from backrehab.history.progression import HoldProgress, progress_for, progress_from_history
        from backrehab.history.store import History  # and sqlite3

        exercises = catalogue.exercises
        if building_up_only:
            exercises = tuple(e for e in exercises if HoldProgress(e, e.hold_seconds).builds_up)
        history = History.read(self.history_path())
        if history is None:
            return progress_for(exercises, [])
        with history:
            return progress_from_history(exercises, history, checkpoints=self.checkpoints(catalogue))

    def checkpoints(self, catalogue: Catalogue) -> CachedCheckpoints:
        """Where progression's walk starts, kept in the cache for this history and catalogue (`progression.py`)."""
        # Not at the top: the history (sqlite3): only when the cache lacks the holds.
        from backrehab.history.progression import CachedCheckpoints
        from backrehab.history.stats import system_local_date

        today = system_local_date(self.surroundings.wall())
        return CachedCheckpoints(self.cache_folder(), self.history_path(), catalogue_holds(catalogue), today=today)

    def current_holds(self, catalogue: Catalogue, *, warn: bool = True, trust_cache: bool = True) -> dict[str, int]:
        """Holds where progression has moved them; with an unreadable history, the catalogue's.

        They come from the cache while it is current (`cache.py`); a session, which times the holds,
        passes `trust_cache=False` to work them out from the history itself. The problem of an
        unreadable history is kept in `history_problem`, and told at once unless `warn` is False.
        """

        def work_out() -> dict[str, int]:
            # Not at the top: the history (sqlite3): only when the cache lacks the holds.
            from backrehab.history.progression import current_holds

            return current_holds(self.progress(catalogue, building_up_only=True))

        try:
            return cached_holds(self.cache_folder(), self.history_path(), catalogue, work_out, trust=trust_cache)
        except Exception as error:
            # Named here, not in the except clause: importing the history module is what the cache saves.
            from backrehab.history.store import HistoryError

            if not isinstance(error, HistoryError):
                raise
            self.history_problem = error
            if warn:
                echo(f"Warning: {error} Using the catalogue's holds.", err=True)
            return {}

    def options(
        self,
        *,
        rest: float | None = None,
        lead_in: float | None = None,
        order: Order | None = None,
        routine: str | None = None,
        only: tuple[str, ...] = (),
        skip: tuple[str, ...] = (),
        warn: bool = True,
        trust_cache: bool = True,
    ) -> PlanOptions:
        """The plan options in effect (`options.options_in_effect`) with this state's config and current holds.

        `warn` and `trust_cache` are passed to `current_holds`; `routine` names a routine of the config file.
        """
        catalogue = self.catalogue(figures=False)  # the holds need the ids and hold times alone
        config = self.config_if_any()
        holds = self.current_holds(catalogue, warn=warn, trust_cache=trust_cache)
        return options_in_effect(
            config,
            holds=holds,
            rest=rest,
            lead_in=lead_in,
            order=order,
            routine=self.routine(routine) if routine is not None else None,
            only=only,
            skip=skip,
        )


def state_from(ctx: click.Context | None) -> State:
    """The command's State; while completing, the group has not run, so build one from its options."""
    state = ctx.find_object(State) if ctx else None
    if state is None:
        given = ctx.find_root().params if ctx else {}
        state = State(
            catalogue_path=given.get("catalogue"), config_path=given.get("config"), use_cache=not given.get("no_cache")
        )
    return state
