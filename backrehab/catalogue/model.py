"""The exercise catalogue: its frozen dataclasses, and the error that lists a catalogue file's problems.

Reading a catalogue file is `catalogue.load`, checking one `catalogue.check`: what an
exercise is stays apart from how a hand-written file is turned into one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backrehab.catalogue.problems import InputError
from backrehab.printable import shown

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.figures.pose import Figure

BUNDLED_NAME = "exercises.yaml"


class Posture(enum.Enum):
    """Starting position; the definition order is the order of `--order position`."""

    FRONT = "front"
    BACK = "back"
    ALL_FOURS = "all-fours"
    KNEELING = "kneeling"
    STANDING = "standing"

    @property
    def rank(self) -> int:
        return list(Posture).index(self)


class HoldSource(enum.Enum):
    """Where an exercise's hold time comes from: the leaflet, or chosen by us."""

    SOURCE = "source"
    CHOSEN = "chosen"


@dataclass(frozen=True)
class Caution:
    """A warning said before an exercise; with `confirm`, the session waits for a yes or no before it."""

    text: str
    confirm: bool = False


@dataclass(frozen=True)
class Exercise:
    """One exercise of the leaflet: how to get into position, what to do, and its dose (hold, reps, sides)."""

    id: str
    name: str
    posture: Posture
    position: str
    steps: tuple[str, ...]
    hold_seconds: int
    reps: int
    per_side: bool = False
    side_label: str | None = None
    hold_source: HoldSource = HoldSource.SOURCE
    build_up_to_seconds: int | None = None
    breathing_reminder: bool = False
    progression: str | None = None
    cautions: tuple[Caution, ...] = ()
    notes: tuple[str, ...] = ()
    #: The starting and held poses, drawn on the handout and in the terminal.
    figure: Figure | None = None

    def matches(self, name: str) -> bool:
        """True when `name` is this exercise's id or name, in any case."""
        wanted = name.strip().casefold()
        return wanted in (self.id.casefold(), self.name.casefold())

    def to_dict(self) -> dict[str, Any]:
        """The exercise under its YAML key names, for `--json` output."""
        return {
            "id": self.id,
            "name": self.name,
            "posture": self.posture.value,
            "position": self.position,
            "steps": list(self.steps),
            "hold_seconds": self.hold_seconds,
            "hold_source": self.hold_source.value,
            "build_up_to_seconds": self.build_up_to_seconds,
            "reps": self.reps,
            "per_side": self.per_side,
            "side_label": self.side_label,
            "breathing_reminder": self.breathing_reminder,
            "progression": self.progression,
            "cautions": [{"text": c.text, "confirm": c.confirm} for c in self.cautions],
            "notes": list(self.notes),
            "figure": self.figure.to_dict() if self.figure else None,
        }


@dataclass(frozen=True)
class Source:
    """Where the exercises come from: the handout credits it."""

    title: str
    publisher: str


@dataclass(frozen=True)
class Catalogue:
    """Every exercise in the file's order, with the general advice and what to do if pain gets worse."""

    exercises: tuple[Exercise, ...]
    advice: tuple[str, ...] = ()
    pain_advice: str | None = None
    source: Source | None = None
    path: Path | None = None

    def find(self, name: str) -> Exercise | None:
        return next((e for e in self.exercises if e.matches(name)), None)

    def numbered(self, text: str) -> Exercise | None:
        """The exercise `list` shows under this number ("3"), if `text` is a number of the list."""
        number = list_number(text)
        return self.exercises[number - 1] if number is not None and 1 <= number <= len(self.exercises) else None

    def suggest(self, name: str) -> str | None:
        """The closest id or name to a mistyped one, for "did you mean"."""
        wanted = name.strip().casefold()
        by_key = {e.id.casefold(): e.id for e in self.exercises}
        by_key.update({e.name.casefold(): e.id for e in self.exercises})
        import difflib  # not at the top: only to suggest a name for a mistake

        close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
        return by_key[close[0]] if close else None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.exercises)

    @property
    def figures(self) -> tuple[Figure | None, ...]:
        """Each exercise's figure, in the exercises' order."""
        return tuple(e.figure for e in self.exercises)

    def without_figures(self) -> Catalogue:
        """This catalogue with no exercise's figure: all that views drawing none need (`cache.py` keeps them apart)."""
        return self.with_figures((None,) * len(self.exercises))

    def with_figures(self, figures: tuple[Figure | None, ...]) -> Catalogue:
        """This catalogue with `figures` given to its exercises in order (from `figures`)."""
        exercises = tuple(replace(e, figure=f) for e, f in zip(self.exercises, figures, strict=True))
        return replace(self, exercises=exercises)


#: The classes a catalogue without figures is made of: all that the cache may rebuild one into.
KINDS: tuple[type, ...] = (Catalogue, Exercise, Caution, Source, Posture, HoldSource)


class CatalogueError(InputError):
    """Every problem found in one catalogue file."""


def bundled_path() -> Path:
    """The catalogue shipped inside the package, at its top."""
    return Path(__file__).parent.parent / BUNDLED_NAME


def list_number(text: str) -> int | None:
    """`text` as a whole number written with digits ("3"), else None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def unknown_exercise_message(catalogue: Catalogue, name: str) -> str:
    """The one-line answer to a name that is not in the catalogue, with the nearest id when there is one."""
    suggestion = catalogue.suggest(name)
    hint = f" Did you mean '{suggestion}'?" if suggestion else f" Known: {', '.join(catalogue.ids)}."
    return f"No exercise '{shown(name)}'.{hint}"
