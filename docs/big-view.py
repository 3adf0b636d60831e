"""The README's pictures of the big view: `python docs/big-view.py` writes big-view.svg and get-ready.svg.

Each is the big view as an 80×24 terminal shows it, rendered by the session's own
code (rich's SVG export), at a moment chosen below.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from backrehab.catalogue.load import load_catalogue
from backrehab.plan import StepKind, make_plan
from backrehab.screen.big import BigDisplay

HERE = Path(__file__).parent


def draw(name: str, exercise_id: str, kind: StepKind, rep: int | None, left: int, session_left: int) -> None:
    catalogue = load_catalogue()
    plan = make_plan(catalogue)
    step = next(
        s
        for s in plan.steps
        if s.exercise.id == exercise_id
        and s.kind is kind
        and (rep is None or (s.rep, s.side_text) == (rep, "right knee"))
    )
    console = Console(
        file=io.StringIO(), width=80, height=24, record=True, force_terminal=True, color_system="truecolor"
    )
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.step, display.left, display.session_left = step, left, session_left
    console.print(display.render())
    (HERE / name).write_text(console.export_svg(title="backrehab session"), encoding="utf-8")


if __name__ == "__main__":
    draw("big-view.svg", "knees-to-chest", StepKind.HOLD, 2, 3, 1213)
    draw("get-ready.svg", "knee-rolls", StepKind.LEAD_IN, None, 8, 1310)
