"""Reading hand-written YAML files: located problems, collected rather than raised one by one.

The checker walks YAML *nodes* rather than loaded Python values, so every
problem can be reported with the line and column where it stands, and all
problems are collected before anything is raised: a person editing their own
file sees every mistake at once, like a compiler's error list. The catalogue
and the config file both build on it, so their messages read alike.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backrehab.catalogue.problems import InputError as InputError  # where the files' checkers find them
from backrehab.catalogue.problems import Problem as Problem
from backrehab.plainfiles import READ_ERRORS, read_regular_text
from backrehab.printable import clip as clip
from backrehab.printable import first_control, shown


def read_text(path: Path, label: str, what: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or the one problem that stopped it being read.

    Only a regular file of reasonable size is read: a FIFO would wait forever, /dev/zero never end.
    """
    try:
        return read_regular_text(path), []
    except READ_ERRORS as exc:
        return None, [unreadable(exc, label, what)]


def unreadable(exc: Exception, label: str, what: str) -> Problem:
    """The problem of a file that `plainfiles.read_regular_text` could not read (one of its `READ_ERRORS`)."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Problem(label, None, None, f"cannot read {what}: {reason}")


def compose(text: str, label: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse YAML text into a node tree (C parser when present), or the syntax problem."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return None, [Problem(label, None, None, f"not valid Unicode text: {exc.reason} at character {exc.start + 1}")]
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        return loader.get_single_node(), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(m for m in (exc.context, exc.problem) if m)
        return None, [problem_at(label, mark, f"YAML syntax error: {message}")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [Problem(label, line, column, f"YAML syntax error: character {char} not allowed: {exc.reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(label, None, None, f"YAML syntax error: {' '.join(str(exc).split())}")]
    except RecursionError:
        return None, [Problem(label, None, None, "YAML syntax error: nested too deeply")]
    finally:
        loader.dispose()


def problem_at(label: str, mark: Any, message: str, where: str | None = None) -> Problem:
    if mark is None:
        return Problem(label, None, None, message, where)
    return Problem(label, mark.line + 1, mark.column + 1, message, where)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_FLOAT = "tag:yaml.org,2002:float"
_SAFE_TAGS = {
    _STR,
    _INT,
    _BOOL,
    _NULL,
    _FLOAT,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
}


#: The most repetitions an exercise (or a routine's entry) may ask for.
MAX_REPS = 1000
#: The most entries a list of text (steps, notes, advice) may hold: a leaflet's exercise has a handful.
MAX_TEXTS = 100
#: The most characters one text (a name, a step, a caution) may hold: a leaflet's longest is a few hundred.
MAX_TEXT_LENGTH = 2000


@dataclass
class NodeChecker:
    """Walks a node tree, checking values and collecting problems; subclasses build their dataclasses."""

    label: str
    problems: list[Problem] = field(default_factory=list)

    def fail(self, node: Any, where: str | None, message: str) -> None:
        self.problems.append(problem_at(self.label, node.start_mark, message, where))

    # -- node helpers -------------------------------------------------------

    def _describe(self, node: Any) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        value = self._scalar(node)
        if value is None and node.tag == _NULL:
            return "nothing (null)"
        return f"'{clip(shown(value))}'" if isinstance(value, str) else _as_written(node)

    def _scalar(self, node: Any) -> Any:
        """Construct a scalar with YAML's safe rules; unsafe tags were rejected earlier."""
        if node.tag not in _SAFE_TAGS:
            return node.value
        try:
            return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError, TypeError):
            # An explicit tag on a value that does not fit it (`!!bool maybe`, `!!timestamp soon`)
            # makes PyYAML's constructors fail in these ways too: the text is then just text.
            return node.value

    def mapping(self, node: Any, where: str | None, allowed: set[str]) -> dict[str, tuple[Any, Any]] | None:
        """A mapping's entries as {key: (key node, value node)}, reporting unknown and repeated keys."""
        if not self.safe(node, where):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, where, f"must be a mapping of keys to values, got {self._describe(node)}")
            return None
        entries: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or not self.safe(key_node, where):
                self.fail(key_node, where, "keys must be plain words")
                continue
            if not self.plain(key_node, where, what="a key "):
                continue
            at = f"{where}.{key}" if where else key
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.fail(key_node, at, f"key given twice (first on line {first})")
                continue
            if key not in allowed:
                import difflib  # not at the top: only to suggest a name for a mistake

                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.fail(key_node, at, f"unknown key{suggestion}; known keys: {', '.join(sorted(allowed))}")
                continue
            entries[key] = (key_node, value_node)
        return entries

    def safe(self, node: Any, where: str | None) -> bool:
        """False for a node under a tag outside plain YAML (already reported by `scan_tags`)."""
        return _tag_name(node) is None

    def scan_tags(self, root: Any) -> None:
        """Report every tag outside plain YAML (e.g. `!!python/object`): such tags can run code."""
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            shown = _tag_name(node)
            if shown is not None:
                self.fail(node, None, f"unsupported YAML tag '{shown}': only plain YAML values are allowed")
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))

    def sequence(self, node: Any, where: str) -> list[Any] | None:
        if not self.safe(node, where):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, where, f"must be a list, got {self._describe(node)}")
            return None
        return list(node.value)

    def text(self, node: Any, where: str, *, optional: bool = False) -> str | None:
        if not self.safe(node, where):
            return None
        if optional and isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value.strip():
            if len(node.value) > MAX_TEXT_LENGTH:
                self.fail(
                    node, where, f"must be at most {MAX_TEXT_LENGTH} characters, got {len(node.value)}: split it up"
                )
                return None
            if not self.plain(node, where, allowed="\t\n"):
                return None
            return " ".join(str(node.value).split())
        self.fail(node, where, f"must be some text, got {self._describe(node)}")
        return None

    def plain(self, node: Any, where: str | None, *, allowed: str = "", what: str = "") -> bool:
        """False, with a problem, for text holding a control character (other than those `allowed`).

        Such a character printed to a terminal can set its title, clear its screen or write its
        clipboard, and a NUL cannot even be passed to the speech engine.
        """
        index = first_control(node.value, allowed)
        if index is None:
            return True
        char, value = shown(node.value[index]), clip(shown(node.value))
        self.fail(
            node, where, f"{what}must not contain control characters, got {char} at character {index + 1} of '{value}'"
        )
        return False

    def texts(self, node: Any, where: str) -> tuple[str, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        if len(items) > MAX_TEXTS:
            self.fail(node, where, f"must list at most {MAX_TEXTS} entries, got {len(items)}")
            return None
        out = [self.text(item, f"{where}[{i + 1}]") for i, item in enumerate(items)]
        return None if any(t is None for t in out) else tuple(t for t in out if t is not None)

    def positive_int(
        self, node: Any, where: str, *, optional: bool = False, maximum: int = 24 * 3600, limit: str = "one day"
    ) -> int | None:
        """A whole number from 1 to `maximum` (`limit` says what the maximum means)."""
        if not self.safe(node, where):
            return None
        if optional and isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        value = self._scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if node.tag == _INT and isinstance(value, int) and 0 < value <= maximum:
            return value
        if node.tag == _INT and isinstance(value, int) and value > 0:
            self.fail(node, where, f"must be at most {maximum} ({limit}), got {value}")
            return None
        self.fail(node, where, f"must be a positive whole number, got {self._describe(node)}")
        return None

    def boolean(self, node: Any, where: str) -> bool | None:
        if not self.safe(node, where):
            return None
        value = self._scalar(node) if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL else None
        if isinstance(value, bool):
            return value
        self.fail(node, where, f"must be true or false, got {self._describe(node)}")
        return None

    def choice(self, node: Any, where: str, enum_cls: type[enum.Enum]) -> Any:
        choices = [m.value for m in enum_cls]
        if not self.safe(node, where):
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value in choices:
            return enum_cls(node.value)
        self.fail(node, where, f"must be one of {', '.join(choices)}, got {self._describe(node)}")
        return None

    def number(self, node: Any, where: str, *, maximum: float) -> float | None:
        """A finite number of seconds from 0 to `maximum`, whole or not."""

        if not self.safe(node, where):
            return None
        value = self._scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if node.tag in (_INT, _FLOAT) and isinstance(value, (int, float)) and not isinstance(value, bool):
            # Compared before any conversion: a whole number of 400 digits is no float, and NaN is in no range.
            if 0 <= value <= maximum and math.isfinite(value):
                return float(value)
            self.fail(node, where, f"must be a number from 0 to {maximum:g}, got {self._describe(node)}")
            return None
        self.fail(node, where, f"must be a number, got {self._describe(node)}")
        return None

    def whole(self, node: Any, where: str, *, low: int, high: int) -> int | None:
        """A whole number from `low` to `high`."""
        if not self.safe(node, where):
            return None
        value = self._scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if node.tag == _INT and isinstance(value, int) and low <= value <= high:
            return value
        self.fail(node, where, f"must be a whole number from {low} to {high}, got {self._describe(node)}")
        return None


def _tag_name(node: Any) -> str | None:
    """The tag as written, if it is not one of plain YAML's; None for a plain node."""
    tag = node.tag or ""
    if tag in _SAFE_TAGS or not tag:
        return None
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _as_written(node: Any) -> str:
    """A scalar as the file writes it (`2020-01-01`, not `datetime.date(2020, 1, 1)`)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:binary":
        return f"!!binary {clip(shown(str(node.value)))}"
    return clip(shown(str(node.value))) if isinstance(node, yaml.ScalarNode) else "a value"
