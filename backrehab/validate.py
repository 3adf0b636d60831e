"""`backrehab validate FILE`: check a hand-written catalogue or config file without using it.

Which kind a file is comes from its top level: a mapping with `exercises` is a
catalogue, anything else a config file. A config file's routines are also
checked against the catalogue in use, since that is where their ids must be.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from backrehab.catalogue.check import parse_catalogue
from backrehab.catalogue.model import Catalogue, CatalogueError, bundled_path
from backrehab.catalogue.yamlcheck import Problem, compose, read_text
from backrehab.printable import shown
from backrehab.settings.configfile import ConfigError, parse_config
from backrehab.settings.routines import routine_problems
from backrehab.wording import plural


class FileKind(enum.Enum):
    CATALOGUE = "catalogue"
    CONFIG = "config file"


@dataclass(frozen=True)
class Verdict:
    """What a file was taken for, every problem in it, and on success what it holds."""

    kind: FileKind
    problems: tuple[Problem, ...]
    holds: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def ok_line(self, label: str) -> str:
        return shown(f"ok: {label} is a valid {self.kind.value} ({self.holds}).")


def file_kind(root: Any) -> FileKind:
    if isinstance(root, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "exercises" for key, _ in root.value
    ):
        return FileKind.CATALOGUE
    return FileKind.CONFIG


def validate_file(path: Path, *, catalogue: Callable[[], Catalogue]) -> Verdict:
    """Check `path`; `catalogue` gives the catalogue in use, asked for only to check a config's routines."""
    label = str(path)
    text, problems = read_text(path, label, "file")
    if text is None:
        return Verdict(FileKind.CONFIG, tuple(problems))
    root, problems = compose(text, label)
    kind = file_kind(root)
    if problems:
        return Verdict(kind, tuple(problems))
    if kind is FileKind.CATALOGUE:
        try:
            parsed = parse_catalogue(text, label=label, path=path)
        except CatalogueError as error:
            return Verdict(kind, error.problems)
        return Verdict(kind, (), plural(len(parsed.exercises), "exercise"))
    try:
        config = parse_config(text, label=label, path=path)
    except ConfigError as error:
        return Verdict(kind, error.problems)
    if not config.routines:
        return Verdict(kind, (), "no routines")
    in_use = catalogue()
    found: list[Problem] = []
    for routine in config.routines.values():
        found += routine_problems(routine, in_use, label)[1]
    source = "the bundled catalogue" if in_use.path in (None, bundled_path()) else str(in_use.path)
    return Verdict(kind, tuple(found), f"{plural(len(config.routines), 'routine')}, checked against {source}")
