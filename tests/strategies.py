"""Hypothesis strategies for hostile input: random YAML, mutated catalogues and configs, option values."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import strategies as st

from backrehab.catalogue.model import bundled_path

BUNDLED_TEXT = bundled_path().read_text(encoding="utf-8")

#: A config file that sets every key, to mutate.
FULL_CONFIG = """\
voice: true
voice_name: en-gb
sound: false
display: compact
rest: 2.5
lead_in: 8
countdown: 5
routines:
  morning: [pelvic-tilt, {id: knee-rolls, reps: 2, hold_seconds: 6}]
  evening: [leg-raise]
"""

#: Tags a hand-written file might carry, the dangerous ones included.
TAGS = (
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!!python/object:builtins.dict",
    "!!python/tuple",
    "!!bool",
    "!!int",
    "!!float",
    "!!str",
    "!!null",
    "!!timestamp",
    "!!binary",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!map",
    "!!seq",
    "!custom",
)

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**300),
    st.floats(),
    st.sampled_from([1e308, -1e308, float("inf"), float("nan"), 0, -1, 86401, 2**63]),
    _text,
    st.sampled_from(["", " ", "yes", "no", "~", "null", "1_000", "0x1F", "1:30", "2001-12-14", "[/b]", "é" * 50]),
)
#: Any value YAML can hold: scalars nested in lists and mappings.
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=12,
)


def _nested(depth: int, value: Any) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_data(draw: st.DrawFn, data: Any) -> Any:
    """A copy of `data` with a few structural mutations: keys dropped or renamed, values replaced, shared or nested."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        containers = _containers(data)
        parent = draw(st.sampled_from(containers))
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["drop", "rename", "replace", "share", "nest", "duplicate"]))
        if action == "drop":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(_text)] = parent.pop(key)
        elif action == "replace":
            parent[key] = draw(values)
        elif action == "share":
            other = draw(st.sampled_from(containers))
            parent[key] = other  # dumped as an anchor and an alias (or a recursive structure)
        elif action == "nest":
            parent[key] = _nested(draw(st.integers(min_value=1, max_value=60)), parent[key])
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
    return data


def _containers(data: Any) -> list[Any]:
    out: list[Any] = []
    stack = [data]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)) and id(item) not in seen:
            seen.add(id(item))
            out.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return out


_LINE_VALUE = re.compile(r"^(\s*-?\s*[\w-]+:) (\S.*)$")


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """`text` with a few line-level edits: lines dropped or repeated, tags, anchors and aliases put before values."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "tag", "anchor", "alias", "garble", "unindent"]))
        match = _LINE_VALUE.match(lines[i])
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "tag" and match:
            lines[i] = f"{match[1]} {draw(st.sampled_from(TAGS))} {match[2]}"
        elif action == "anchor" and match:
            lines[i] = f"{match[1]} &a {match[2]}"
        elif action == "alias" and match:
            lines[i] = f"{match[1]} *a"
        elif action == "garble":
            lines[i] = draw(_text)
        elif action == "unindent":
            lines[i] = lines[i].lstrip()
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


def dumped(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """YAML text of the values `strategy` draws, as PyYAML writes them."""
    import yaml

    def dump(value: Any) -> str:
        try:
            return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
        except RecursionError:
            return "[[[]]]"

    return strategy.map(dump)


def catalogue_texts() -> st.SearchStrategy[str]:
    """Random YAML, random text, and the bundled catalogue mutated as data or as text."""
    import yaml

    bundled = yaml.safe_load(BUNDLED_TEXT)
    return st.one_of(
        _text,
        dumped(values),
        dumped(mutated_data(bundled)),
        mutated_text(BUNDLED_TEXT),
    )


def config_texts() -> st.SearchStrategy[str]:
    """Random YAML, random text, and a full config mutated as data or as text."""
    import yaml

    full = yaml.safe_load(FULL_CONFIG)
    return st.one_of(_text, dumped(values), dumped(mutated_data(full)), mutated_text(FULL_CONFIG))
