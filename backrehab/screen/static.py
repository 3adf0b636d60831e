"""Static views printed by `list`, `show` and `session --plan`, and their JSON forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backrehab.catalogue.model import Catalogue, Exercise
from backrehab.plan import PlanOptions, estimated_seconds
from backrehab.printable import shown
from backrehab.wording import (
    BREATHE_THROUGHOUT,
    CHOSEN_HOLD,
    clock_text,
    escape,
    hold_plan_text,
    reps_text,
)

if TYPE_CHECKING:  # the pose classes are built only for a command that draws them
    from backrehab.figures.pose import Figure


def catalogue_json(catalogue: Catalogue, options: PlanOptions) -> list[dict[str, Any]]:
    return [
        {**exercise.to_dict(), "estimated_seconds": estimated_seconds(exercise, options)}
        for exercise in catalogue.exercises
    ]


def exercise_json(exercise: Exercise, options: PlanOptions) -> dict[str, Any]:
    return {**exercise.to_dict(), "estimated_seconds": estimated_seconds(exercise, options)}


#: `list`'s columns, each a header and how its cells are justified.
LIST_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("#", "right"),
    ("id", "left"),
    ("name", "left"),
    ("hold", "left"),
    ("reps", "right"),
    ("each", "left"),
    ("!", "center"),
    ("time", "right"),
)


def catalogue_table(catalogue: Catalogue, options: PlanOptions, width: int = 80) -> RenderableType:
    """`list`'s table in `width` columns: without the id column where the whole table would not fit.

    `show` takes an exercise's number or name as well as its id, and a narrow terminal (40 columns)
    would otherwise squeeze every column: numbers cut to "…", names and sides gone.
    """
    seconds = [estimated_seconds(exercise, options) for exercise in catalogue.exercises]
    # Text, not markup: nothing in a row needs parsing, and the catalogue's words are shown as written.
    caution = Text("!", style="bold red")
    rows = [
        (
            Text(str(number)),
            Text(shown(exercise.id)),
            Text(shown(exercise.name)),
            Text(short_hold_text(exercise, options.holds.get(exercise.id, exercise.hold_seconds))),
            Text(str(options.reps.get(exercise.id, exercise.reps))),
            Text(shown(exercise.side_label or "side") if exercise.per_side else "—"),
            caution if exercise.cautions else Text(""),
            Text(clock_text(spent)),
        )
        for number, (exercise, spent) in enumerate(zip(catalogue.exercises, seconds, strict=True), start=1)
    ]
    footers = ["", "Total", "", "", "", "", "", clock_text(sum(seconds))]
    widths = [
        max(cell_len(header), cell_len(footer), *(row[index].cell_len for row in rows))
        for index, ((header, _), footer) in enumerate(zip(LIST_COLUMNS, footers, strict=True))
    ]
    # One space between columns, none at the edges: 76 columns with the ids, no name wrapped.
    fits = sum(widths) + len(widths) - 1 <= width
    shown_columns = [index for index, (header, _) in enumerate(LIST_COLUMNS) if fits or header != "id"]
    if not fits:
        footers[2] = "Total"  # under the names, the ids' column gone
    table = Table(
        title="Exercises", show_footer=True, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, padding=0
    )
    for index in shown_columns:
        header, justify = LIST_COLUMNS[index]
        # Where the table fits, each column gets the width rich would measure, and rich measures no cell
        # (about 1 ms of `list`); where it does not, rich narrows the names' column and wraps them.
        table.add_column(
            header,
            footer=footers[index],
            justify=justify,
            style="cyan" if header == "id" else None,
            no_wrap=header != "name",
            width=widths[index] if fits else None,
        )
    for row in rows:
        table.add_row(*(row[index] for index in shown_columns))
    return table


def short_hold_text(exercise: Exercise, hold: int) -> str:
    """ "5→10 s" for a hold that builds up; a star marks a time the leaflet does not give."""
    target = exercise.build_up_to_seconds
    text = f"{hold}→{target} s" if target and target > hold else f"{hold} s"
    return text + ("*" if exercise.hold_source.value == "chosen" else "")


def exercise_panel(
    exercise: Exercise, options: PlanOptions, number: int | None = None, *, drawing_width: int = 0
) -> RenderableType:
    """`show`: the figure (in `drawing_width` columns, when there are enough), position, steps, dose, cautions.

    `drawing_width` is 0 where nothing should be drawn: a pipe, a file, a dumb terminal (a screen reader).
    """
    hold = options.holds.get(exercise.id, exercise.hold_seconds)
    parts: list[Any] = []
    if exercise.figure is not None and drawing_width >= 2 * MIN_FIGURE_WIDTH + FIGURE_GAP + 4:
        parts += [figure_pair(exercise, drawing_width - 4), Text("")]  # the panel's borders and padding
    parts += [
        Text.assemble(("Position: ", "bold"), shown(exercise.position)),
        Text(""),
    ]
    parts.append(numbered(exercise.steps))
    parts.append(Text(""))
    facts = f"Hold {hold_plan_text(exercise, hold)}"
    if exercise.hold_source.value == "chosen":
        facts += f" ({CHOSEN_HOLD})"
    facts += f" · reps {reps_text(exercise, options.reps.get(exercise.id))}"
    facts += f" · takes about {clock_text(estimated_seconds(exercise, options))}"
    parts.append(Text(facts, style="bold"))
    if exercise.breathing_reminder:
        parts.append(Text(BREATHE_THROUGHOUT, style="bold yellow"))
    if exercise.progression:
        parts.append(Text.assemble(("Progression: ", "bold"), shown(exercise.progression)))
    for note in exercise.notes:
        parts.append(Text(f"Note: {shown(note)}", style="dim"))
    for caution in exercise.cautions:
        title = "Caution — you will be asked to confirm" if caution.confirm else "Caution"
        parts.append(Panel(Text(shown(caution.text)), title=Text(title), border_style="bold red"))
    # Titles as Text: a markup title would make rich load its emoji table (2 ms of `show`).
    name = exercise.name if number is None else f"{number}. {exercise.name}"
    heading = Text.assemble((shown(name), "bold"), " ", (f"({shown(exercise.id)})", "dim"))
    return Panel(Group(*parts), title=heading, title_align="left")


#: The cells each of `show`'s two figures may take, the fewest columns worth drawing, and the gap between.
SHOW_FIGURE_SIZE = (46, 12)
MIN_FIGURE_WIDTH = 14
FIGURE_GAP = 3
#: The fewest rows the person is drawn in: a lying figure side by side with its start would be a few faint
#: rows of dots from the floor, so it goes under its start instead, as wide as these rows need.
MIN_FIGURE_ROWS = 5


def figure_layout(figure: Figure, room: int) -> tuple[int, int, bool]:
    """The columns and rows of each of `show`'s two figures in `room` columns, and whether they go one under
    the other (when side by side would draw the person under `MIN_FIGURE_ROWS` rows tall)."""

    # Not at the top: the drawing: only for `show` in a terminal.
    from backrehab.figures.cells import person_rows, size_for

    most = min(SHOW_FIGURE_SIZE[0], (room - FIGURE_GAP) // 2)
    width, height = size_for(figure, most, SHOW_FIGURE_SIZE[1])
    if person_rows(figure, width, height) < MIN_FIGURE_ROWS:
        for rows in range(MIN_FIGURE_ROWS, SHOW_FIGURE_SIZE[1] + 1):
            wide, high = size_for(figure, room, rows)
            if person_rows(figure, wide, high) >= MIN_FIGURE_ROWS:
                return wide, high, True
    return width, height, False


def figure_pair(exercise: Exercise, room: int) -> RenderableType:
    """The starting and the held pose in braille, in `room` columns, each named below (see `figure_layout`)."""

    # Not at the top: the drawing: only for `show` in a terminal.
    from backrehab.figures.cells import figure_lines

    figure = exercise.figure
    assert figure is not None
    width, height, stacked = figure_layout(figure, room)
    start, hold = (figure_lines(figure, phase, width, height) for phase in (0.0, 1.0))
    labels = (Text("start", style="dim", justify="center"), Text("hold", style="dim", justify="center"))
    if stacked:
        column = Table.grid()
        column.add_column(width=width)
        for row in (start, labels[0], hold, labels[1]):
            column.add_row(row)
        return column
    grid = Table.grid(padding=(0, FIGURE_GAP))
    grid.add_row(start, hold)
    grid.add_row(*labels)
    return grid


def numbered(lines: tuple[str, ...]) -> RenderableType:
    """Numbered lines whose wrapped text stays clear of the numbers."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for n, line in enumerate(lines, start=1):
        grid.add_row(f"{n}.", escape(line))
    return grid
