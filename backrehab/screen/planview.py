"""`session --plan` in words: every step with its start time, the total, and today's holds.

Plain lines, no rich: the plan is printed as text, for a terminal, a pipe or a screen reader alike.
"""

from __future__ import annotations

from backrehab.plan import Plan, StepKind
from backrehab.printable import shown
from backrehab.wording import clock_text, hold_plan_text, minutes_text, plural, seconds_text


def plan_lines(plan: Plan) -> list[str]:
    """`session --plan`: every step with its start time, then the total."""
    lines = [
        f"{plural(len(plan.exercises), 'exercise')}, {plural(len(plan.steps), 'step')}, "
        f"{minutes_text(plan.total_seconds)}:"
    ]
    for offset, step in zip(plan.offsets(), plan.steps, strict=False):
        name = step.exercise.name
        if step.kind is StepKind.CAUTION:
            what = f"{name}: confirm caution"
        elif step.kind is StepKind.LEAD_IN:
            what = f"{name}: get into position"
        elif step.kind is StepKind.HOLD:
            side = f", {step.side_text}" if step.side_text else ""
            what = f"{name}: hold, rep {step.rep} of {step.reps}{side}"
        elif step.kind is StepKind.SWITCH:
            what = f"{name}: change to {step.side_text}"
        else:
            what = f"{name}: rest"
        lines.append(f"{clock_text(offset):>6}  {seconds_text(step.seconds):>6}  {what}")
    for skipped in plan.left_out:
        lines.append(f"        left out  {skipped.exercise.name} ({skipped.reason})")
    lines.append(f"Total: {clock_text(plan.total_seconds)} ({plan.total_seconds:g} s)")
    return [shown(line) for line in lines]


def hold_lines(plan: Plan) -> list[str]:
    """For `--plan`: the hold each exercise that builds up will use today."""
    lines = []
    for exercise in plan.exercises:
        hold = next((s for s in plan.steps if s.exercise.id == exercise.id and s.kind is StepKind.HOLD), None)
        if hold is not None and exercise.build_up_to_seconds:
            lines.append(
                f"Hold for {exercise.name}: {hold_plan_text(exercise, int(hold.seconds))} (backrehab progress)"
            )
    return lines
