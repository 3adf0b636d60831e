"""Every phrase a person reads or hears is written once, in `backrehab.wording`: no other module repeats one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import backrehab
from backrehab import wording
from backrehab.catalogue.load import load_catalogue
from backrehab.plan import PlanOptions, StepKind, make_plan
from backrehab.session.outcomes import Status

PACKAGE = Path(backrehab.__file__).parent
WORDING = PACKAGE / "wording.py"
#: A piece of text inside a wording function shorter than this (", ", "rep ") is a word, not a phrase.
SHORTEST = 3
#: A named phrase of the module ("Keep breathing.") is one from this many words.
SHORTEST_NAMED = 2


def words(text: str) -> int:
    return len(text.split())


def literals(tree: ast.AST) -> Iterator[str]:
    """Every string written in the code: constants and the fixed parts of f-strings, docstrings left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def bare(text: str) -> str:
    return text.strip(" .:;,—!?")


def phrases() -> set[str]:
    """The phrases written in the wording module: its named texts, and the longer pieces of text in its code."""
    tree = ast.parse(WORDING.read_text(encoding="utf-8"))
    named = {
        bare(node.value.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    written = {bare(text) for text in literals(tree)}
    return {p for p in named if words(p) >= SHORTEST_NAMED} | {p for p in written if words(p) >= SHORTEST}


def test_the_screen_and_the_voice_say_a_step_in_the_same_words() -> None:
    """A rest's "Next: …" and a change of side's "Other side: …" are the screen's words, said aloud."""
    catalogue = load_catalogue()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    rest = next(step for step in plan.steps if step.kind is StepKind.REST)
    switch = next(step for step in plan.steps if step.kind is StepKind.SWITCH)
    assert wording.next_said(rest) == f"{wording.next_text(rest)}."
    assert wording.switch_said(switch) == f"{wording.RELAX} {wording.switch_text(switch)}."
    stretch = catalogue.find("hamstring-stretch")
    assert stretch is not None
    assert wording.question_text(stretch).startswith(wording.caution_question(stretch))
    assert wording.CAUTION_KEYS.startswith(wording.CAUTION_KEYS_SAID[:-1])
    assert wording.SESSION_COMPLETE_SAID.startswith(wording.STATUS_TEXT[Status.COMPLETED])


def test_the_phrases_found_include_the_session_s() -> None:
    """The search below looks for real phrases: those a person hears most are among them."""
    found = phrases()
    for phrase in ("Keep breathing", "Press space to pause, and q to quit", "is stopped: it hurts"):
        assert any(phrase in text for text in found), phrase


def test_no_other_module_repeats_a_phrase_of_the_wording_module() -> None:
    """A phrase written twice can change in one place and not the other: the screen and the voice would disagree."""
    known = phrases()
    repeated = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WORDING:
            continue
        for text in literals(ast.parse(path.read_text(encoding="utf-8"))):
            repeated += [f"{path.relative_to(PACKAGE)}: {phrase!r}" for phrase in known if phrase in text]
    assert repeated == []
