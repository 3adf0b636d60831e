"""The printable handout: its content, the HTML and Markdown forms, the export command, and a real browser's PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.catalogue.model import Catalogue, Caution, Exercise, Posture, Source
from backrehab.cli.app import main
from backrehab.handout.formats import Paper
from backrehab.handout.html import html
from backrehab.handout.sheet import FIGURE_KEY, build_handout, markdown, md
from backrehab.plan import PlanOptions
from backrehab.settings.routines import ResolvedRoutine

from .browser import needs_browser, print_to_pdf

MONDAY = date(2026, 3, 2)
DAYS = ["Mon 2 Mar", "Tue 3 Mar", "Wed 4 Mar", "Thu 5 Mar", "Fri 6 Mar", "Sat 7 Mar", "Sun 8 Mar"]


def odd_catalogue() -> Catalogue:
    """A custom catalogue whose text is full of characters HTML and Markdown treat specially."""
    exercise = Exercise(
        id="odd",
        name="Tilt <b>now</b> & *then*",
        posture=Posture.BACK,
        position='Lying "flat" | on the <floor>',
        steps=("Press <script>alert(1)</script> down", "Count 1 | 2 | 3"),
        hold_seconds=4,
        reps=2,
        cautions=(Caution("Stop if <it> hurts & ask"),),
    )
    return Catalogue(
        exercises=(exercise,),
        advice=("Drink <water>",),
        pain_advice="Stop & rest",
        source=Source("A <leaflet>", "Some & Co"),
    )


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_config(home: Path, text: str) -> Path:
    path = home / ".config" / "backrehab" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


ROUTINES = (
    "routines:\n"
    "  morning: [pelvic-tilt, knee-rolls, {id: hamstring-stretch, hold_seconds: 30}]\n"
    "  busy-day: [stomach-tone, deep-lunge, {id: one-leg-stand, reps: 2}, back-stabiliser]\n"
)


# -- content -------------------------------------------------------------------


def test_the_default_handout_is_the_whole_catalogue_for_a_week(catalogue: Catalogue) -> None:
    """No routine: one sheet with every exercise, seven days from today, the catalogue's advice and source."""
    handout = build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY)
    assert len(handout.sheets) == 1
    assert [item.exercise.id for item in handout.sheets[0].items] == list(catalogue.ids)
    assert handout.days[0] == MONDAY
    assert handout.days[-1] == date(2026, 3, 8)
    assert handout.advice == catalogue.advice
    assert handout.source == catalogue.source


def test_the_persons_current_hold_is_shown(catalogue: Catalogue) -> None:
    """`holds` (the person's progress) replaces the catalogue's hold; a routine's own hold and reps win for it."""
    handout = build_handout(
        catalogue=catalogue, options=PlanOptions(holds={"stomach-tone": 8, "pelvic-tilt": 7}), today=MONDAY
    )
    assert handout.sheets[0].items[0].hold_text == "8 s, building up to 10 s"
    morning = ResolvedRoutine(
        "morning", ("pelvic-tilt", "stomach-tone"), reps={"pelvic-tilt": 2}, holds={"pelvic-tilt": 9}
    )
    sheet = build_handout(
        catalogue=catalogue, routines=[morning], options=PlanOptions(holds={"pelvic-tilt": 7}), today=MONDAY
    ).sheets[0]
    assert (sheet.items[0].hold, sheet.items[0].reps) == (9, 2)
    assert sheet.items[1].hold == 5
    assert sheet.title == "Routine: morning"


# -- HTML ----------------------------------------------------------------------


def test_html_has_everything_a_sheet_needs(catalogue: Catalogue) -> None:
    """Names, steps, hold/reps/sides, boxed cautions, advice, safety note, source and a 7-day tick table."""
    page = html(build_handout(catalogue=catalogue, options=PlanOptions(holds={"stomach-tone": 8}), today=MONDAY))
    for exercise in catalogue.exercises:
        assert f"</span> {exercise.name}</h2>" in page
        for step in exercise.steps:
            assert f"<li>{step}</li>" in page.replace("&quot;", '"').replace("&#x27;", "'")
    assert "<span>Hold 8 s, building up to 10 s</span><span>3 times</span>" in page
    assert "<span>5 times each knee</span>" in page
    assert '<div class="caution"><strong>⚠ Caution</strong>With acute sciatica' in page
    assert "Keep some water nearby" in page
    assert "<strong>Stop any exercise that makes your pain worse." in page
    assert "This sheet is not medical advice." in page
    assert "Exercises from “Exercises for the back”, Versus Arthritis." in page
    assert all(f"<th>{day.rsplit(' ', 1)[0].replace(' ', '<br>')}</th>" in page for day in DAYS)
    assert len(re.findall(r'<tr><th class="name">\d+\. ', page)) == 12
    assert page.count("<td></td>") == 12 * 7


def test_html_is_self_contained_and_escaped() -> None:
    """No external resource or script, and every catalogue text escaped."""
    page = html(build_handout(catalogue=odd_catalogue(), options=PlanOptions(), today=MONDAY))
    for outside in ("src=", "href=", "url(", "@import", "<script", "<link"):
        assert outside not in page
    assert "<b>" not in page
    assert "Tilt &lt;b&gt;now&lt;/b&gt; &amp; *then*" in page
    assert "Lying &quot;flat&quot; | on the &lt;floor&gt;" in page
    assert "Press &lt;script&gt;alert(1)&lt;/script&gt; down" in page
    assert "Stop if &lt;it&gt; hurts &amp; ask" in page
    assert "Drink &lt;water&gt;" in page
    assert "A &lt;leaflet&gt;" in page


@pytest.mark.parametrize(
    ("paper", "rule"),
    [(Paper.AUTO, "@page { margin:"), (Paper.A4, "@page { size: A4; margin:"), (Paper.LETTER, "@page { size: letter;")],
)
def test_html_print_css(catalogue: Catalogue, paper: Paper, rule: str) -> None:
    """The page size follows --paper; exercises never split across pages; each routine starts a new page."""
    page = html(build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY), paper=paper)
    assert rule in page
    assert re.search(r"\.exercise, \.week \{ break-inside: avoid;", page)
    assert ".sheet + .sheet { break-before: page;" in page


def test_each_exercise_has_its_figure_inline(catalogue: Catalogue) -> None:
    """Twelve inline SVG figures, each titled for screen readers, and no plain-character drawings."""
    page = html(build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY))
    figures = re.findall(r'<div class="figure"><svg xmlns="http://www.w3.org/2000/svg" [^>]*role="img">', page)
    assert len(figures) == 12
    assert page.count("<svg") == 12
    for exercise in catalogue.exercises:
        assert f"<title>{exercise.name}: the held position drawn over the starting position" in page
    assert "<pre" not in page


def test_an_exercise_without_a_figure_has_no_empty_box(catalogue: Catalogue) -> None:
    """A custom catalogue's exercise without a figure gets no figure box."""
    page = html(build_handout(catalogue=odd_catalogue(), options=PlanOptions(), today=MONDAY))
    assert 'class="figure"' not in page
    assert "<svg" not in page


# -- Markdown ------------------------------------------------------------------


def test_markdown_reads_cleanly(catalogue: Catalogue) -> None:
    """Headings per exercise, numbered steps, boxed caution as a quote, and the tick boxes as a Markdown table."""
    text = markdown(build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY))
    assert text.startswith("# Your back exercises\n\n12 exercises, about 24 minutes a session")
    assert "## 2. Pelvic tilt\n\n**Starting position:** Lying down" in text
    assert "```" not in text
    assert "1. Tighten your stomach muscles so that your back presses flat into the floor.\n" in text
    assert "**Hold 10 s · 3 times each side · takes about 1:35**" in text
    assert "> **⚠ Caution:** With acute sciatica" in text
    assert "> **Safety.** This sheet is not medical advice." in text
    assert "| Exercise | " + " | ".join(DAYS) + " |\n| --- | " + " | ".join([":-:"] * 7) + " |\n" in text
    assert "| 12. Deep lunge | " + " | ".join(["☐"] * 7) + " |\n" in text
    assert text.rstrip().endswith("Printed with backrehab on Mon 2 Mar 2026.*")


def test_markdown_escapes_special_characters() -> None:
    """Catalogue text cannot break the Markdown: |, *, <, > and friends are escaped."""
    text = markdown(build_handout(catalogue=odd_catalogue(), options=PlanOptions(), today=MONDAY))
    assert "## 1. Tilt \\<b\\>now\\</b\\> & \\*then\\*" in text
    assert "2. Count 1 \\| 2 \\| 3" in text
    assert "| 1. Tilt \\<b\\>now\\</b\\> & \\*then\\* |" in text


# -- the command -----------------------------------------------------------------


def test_export_writes_html_by_default(tmp_path: Path) -> None:
    """`export -o FILE.html` writes the page and says what it wrote."""
    out = tmp_path / "sheet.html"
    result = invoke("export", "-o", str(out), "--start", "2026-03-02")
    assert result.exit_code == 0
    assert result.output == f"Wrote {out}: 12 exercises, ready to print from a browser.\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_markdown_by_extension_or_format(tmp_path: Path) -> None:
    """A .md file name picks Markdown; `--format md -o -` prints it."""
    out = tmp_path / "sheet.md"
    invoke("export", "-o", str(out), "--start", "2026-03-02")
    printed = invoke("export", "--format", "md", "-o", "-", "--start", "2026-03-02").output
    assert out.read_text(encoding="utf-8") == printed
    assert printed.startswith("# Your back exercises\n")


def test_export_routines_from_the_config(tmp_path: Path, isolated_env: Path) -> None:
    """`--routine` twice: one sheet per routine, in that order, with the routine's own overrides."""
    write_config(isolated_env, ROUTINES)
    text = invoke("export", "--routine", "busy-day", "--routine", "morning", "-o", "-", "--format", "md").output
    titles = [line for line in text.splitlines() if line.startswith("# ")]
    assert titles == ["# Routine: busy-day", "# Routine: morning"]
    assert "**Hold 30 s · 3 times each leg" in text  # the routine's own hold: no "our choice" note
    assert "**Hold 10 s · 2 times each leg" in text
    default = invoke("export", "-o", "-", "--format", "md").output
    assert "**Hold 20 s (our choice, as the leaflet gives no time) · 3 times each leg" in default


def test_export_unknown_routine_is_a_usage_error(tmp_path: Path, isolated_env: Path) -> None:
    """An unknown routine name exits 2 with a suggestion and writes nothing."""
    write_config(isolated_env, ROUTINES)
    out = tmp_path / "sheet.html"
    result = invoke("export", "--routine", "mornin", "-o", str(out))
    assert result.exit_code == 2
    assert "No routine 'mornin'. Did you mean 'morning'?" in result.output
    assert "Did you mean 'morning'?" in result.output
    assert not out.exists()


def test_export_routine_with_a_bad_id_names_file_and_line(tmp_path: Path, isolated_env: Path) -> None:
    """A routine naming an exercise that does not exist: exit 2, the config file's line and a suggestion."""
    config = write_config(isolated_env, "routines:\n  morning:\n    - pelvik-tilt\n")
    result = invoke("export", "--routine", "morning", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {config}:3:7: routines.morning[1]: No exercise 'pelvik-tilt'. Did you mean 'pelvic-tilt'?\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-02-30"], "Invalid value for '--start'"),
        (["--format", "docx"], "Invalid value for '--format'"),
        (["--paper", "a5"], "Invalid value for '--paper'"),
        ([], "Missing option '-o'"),
    ],
)
def test_export_bad_options(args: list[str], message: str, tmp_path: Path) -> None:
    """Bad dates, formats and papers, or no output file, exit 2 with click's message."""
    if args:
        args += ["-o", str(tmp_path / "x.html")]
    result = invoke("export", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_export_to_an_unwritable_place(tmp_path: Path) -> None:
    """A file that cannot be written: one error line, exit 1."""
    result = invoke("export", "-o", str(tmp_path / "missing" / "sheet.html"))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {tmp_path / 'missing' / 'sheet.html'}: No such file or directory\n"


# -- in a real browser -----------------------------------------------------------


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = True) -> str:
    """The text of a page (or all pages) on one line; `layout` keeps columns apart, else reading order."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    mode = ["-layout"] if layout else []
    text = subprocess.run(["pdftotext", *pages, *mode, str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


#: The handout's page margins, and larger ones that leave a routine's page this much less height.
PAGE_MARGIN = "margin: 11mm 12mm;"
SPARE_MM = 10


@needs_browser
@pytest.mark.parametrize(("paper", "size"), [("a4", "(A4)"), ("letter", "(letter)")])
@pytest.mark.parametrize("spare", [False, True], ids=["as-printed", f"{SPARE_MM}mm-less-paper"])
def test_each_short_routine_prints_on_one_page(
    paper: str, size: str, spare: bool, tmp_path: Path, isolated_env: Path, catalogue: Catalogue
) -> None:
    """Two routines of 3 and 4 exercises print as two pages, one per routine, even with 10 mm less paper."""
    write_config(isolated_env, ROUTINES)
    page = tmp_path / "routines.html"
    invoke("export", "--routine", "morning", "--routine", "busy-day", "--paper", paper, "-o", str(page))
    if spare:  # another browser's fonts may run longer: the pages must not be full to the last line
        text = page.read_text(encoding="utf-8")
        assert PAGE_MARGIN in text
        page.write_text(text.replace(PAGE_MARGIN, f"margin: {11 + SPARE_MM // 2}mm 12mm;"), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path)
    info = pdf_info(pdf)
    assert info["Pages"] == "2"
    assert info["Page size"].endswith(size)
    first, second = pdf_text(pdf, 1), pdf_text(pdf, 2)
    assert "Routine: morning" in first
    for name in ("Pelvic tilt", "Knee rolls", "Hamstring stretch"):
        assert name in first
        assert name not in second
    for name in ("Stomach tone", "Deep lunge", "One-leg stand", "Back stabiliser"):
        assert name in second
    assert "This week" in first
    assert "This week" in second


#: Marks put into a printed page at the start and end of each part that must not be split across pages.
MARK = '<span style="font-size:1pt">{}</span>'


def marked(page: str) -> str:
    """The page with a start and an end mark in every exercise card and in the tick table."""
    for number in range(1, page.count('<article class="exercise">') + 1):
        page = page.replace(
            '<article class="exercise">',
            f'<article class="exercise" data-n="{number}">' + MARK.format(f"START{number}X"),
            1,
        )
    for number in range(1, page.count("</article>") + 1):
        page = page.replace("</article>", MARK.format(f"END{number}X") + "</article >", 1)
    page = page.replace('<section class="week">', '<section class="week">' + MARK.format("STARTWEEKX"))
    return page.replace("</table></section>", "</table>" + MARK.format("ENDWEEKX") + "</section>")


def page_words(pdf: Path) -> list[list[tuple[str, float]]]:
    """Each page's words with the bottom edge of each, from poppler's bounding boxes, and each page's height."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[str, float]]] = []
    for chunk in out.split("<page ")[1:]:
        words = re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', chunk)
        height = float(re.search(r'height="([^"]+)"', chunk).group(1))  # type: ignore[union-attr]
        pages.append([(word, float(bottom)) for bottom, word in words] + [("", height)])
    return pages


def pages_holding(pages: list[list[tuple[str, float]]], word: str) -> list[int]:
    return [number for number, words in enumerate(pages, start=1) if any(w == word for w, _ in words)]


@needs_browser
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_whole_catalogue_prints_whole_cards_on_well_filled_pages(
    paper: str, tmp_path: Path, catalogue: Catalogue
) -> None:
    """The full catalogue: every exercise, no card and not the tick table split across pages, no near-empty page.

    How many pages it takes is the browser's fonts' business; what a reader meets is not.
    """
    page = tmp_path / "all.html"
    invoke("export", "--paper", paper, "-o", str(page))
    text = page.read_text(encoding="utf-8")
    page.write_text(marked(text), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path)
    pages = page_words(pdf)
    everything = pdf_text(pdf, layout=False)
    for exercise in catalogue.exercises:
        assert exercise.name in everything
    assert "Tick a box each time you do an exercise." in everything
    assert "Exercises from “Exercises for the back”, Versus Arthritis." in everything
    for number in range(1, len(catalogue.exercises) + 1):
        start, end = pages_holding(pages, f"START{number}X"), pages_holding(pages, f"END{number}X")
        assert len(start) == 1
        assert start == end, f"card {number} starts on page {start} and ends on page {end}"
    assert pages_holding(pages, "STARTWEEKX") == pages_holding(pages, "ENDWEEKX")
    margin = 11 / 25.4 * 72  # the page's top and bottom margin, in points
    for number, words in enumerate(pages, start=1):
        height = words[-1][1]
        filled = (max(bottom for word, bottom in words if word) - margin) / (height - 2 * margin)
        assert filled > 0.2, f"page {number} of {len(pages)} is only {filled:.0%} filled"


#: The narrowest a printed figure may be: large enough to read on the fridge.
FIGURE_MIN_MM = 45
#: Shown alone as black boxes, each figure where and as large as it prints: everything else is laid out, unseen.
FIGURES_ONLY = (
    "<style>body * { visibility: hidden !important; }"
    " .figure svg { visibility: visible !important; background: #000 !important; }"
    " .figure svg * { visibility: hidden !important; }</style>"
)
DPI = 100


def dark_boxes(pgm: Path) -> list[float]:
    """The widths, in millimetres, of the dark rectangles on a grey page (pdftoppm's binary PGM)."""
    data = pgm.read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    w, h = int(width), int(height)
    dark = [bytes(1 if v < 128 else 0 for v in pixels[y * w : (y + 1) * w]) for y in range(h)]
    widths = []
    for y, row in enumerate(dark):
        for run in re.finditer(b"\x01+", row):
            middle = (run.start() + run.end()) // 2
            if y == 0 or not dark[y - 1][middle]:  # the top row of a box
                widths.append(run.end() - run.start())
    return [n * 25.4 / DPI for n in widths]


@needs_browser
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_printed_figure_is_at_least_45_mm_wide(paper: str, tmp_path: Path, catalogue: Catalogue) -> None:
    """Printed by the browser on A4 and Letter, each of the twelve figures is at least 45 mm wide on paper."""
    page = tmp_path / "all.html"
    invoke("export", "--paper", paper, "-o", str(page))
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", f"{FIGURES_ONLY}</head>"), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path)
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(tmp_path / "page")], check=True)
    widths = [w for pgm in sorted(tmp_path.glob("page-*.pgm")) for w in dark_boxes(pgm)]
    assert len(widths) == len(catalogue.exercises)
    assert min(widths) >= FIGURE_MIN_MM, sorted(round(w, 1) for w in widths)


# -- PDF ------------------------------------------------------------------------------


@needs_browser
def test_export_pdf_prints_through_the_browser(tmp_path: Path) -> None:
    """`export -o FILE.pdf` writes a real PDF (not HTML) of the whole catalogue, on the paper asked for."""
    out = tmp_path / "handout.pdf"
    result = invoke("export", "--paper", "letter", "-o", str(out), "--start", "2026-03-02")
    assert result.output == f"Wrote {out}: 12 exercises, ready to print.\n"
    assert out.read_bytes().startswith(b"%PDF")
    info = pdf_info(out)
    assert info["Pages"] == "3"
    assert info["Page size"].endswith("(letter)")
    assert "Deep lunge" in pdf_text(out)


def test_export_pdf_without_a_browser_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no Chromium or Chrome on PATH, a PDF is refused with exit 2, how to get one, and no file written."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("BACKREHAB_BROWSER", raising=False)
    out = tmp_path / "handout.pdf"
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: writing a PDF needs Chromium or Google Chrome, and none was found")
    assert "sudo apt install chromium" in result.stderr
    assert "-o handout.html" in result.stderr
    assert not out.exists()


def test_export_pdf_to_standard_output_is_refused() -> None:
    """A PDF needs a file: `--format pdf -o -` is a usage error (exit 2)."""
    result = CliRunner().invoke(main, ["export", "--format", "pdf", "-o", "-"])
    assert result.exit_code == 2
    assert "a PDF is written to a file" in result.output


def fake_browser(tmp_path: Path, body: str) -> Path:
    """A stand-in for Chromium: a script that runs `body` with $out set to the --print-to-pdf path."""
    script = tmp_path / "fake-chromium"
    script.write_text(
        '#!/bin/sh\nfor arg in "$@"; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; esac; done\n'
        + body,
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def test_export_pdf_uses_the_browser_named_in_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BACKREHAB_BROWSER picks the browser; what it prints is moved into place as the PDF."""
    monkeypatch.setenv("BACKREHAB_BROWSER", str(fake_browser(tmp_path, 'printf "%%PDF-1.4 fake" > "$out"\n')))
    out = tmp_path / "handout.pdf"
    result = invoke("export", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes() == b"%PDF-1.4 fake"


def test_export_pdf_when_the_browser_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser that prints nothing: exit 1 with what it said, and no file left behind."""
    monkeypatch.setenv("BACKREHAB_BROWSER", str(fake_browser(tmp_path, "echo 'cannot open display' >&2\nexit 3\n")))
    out = tmp_path / "handout.pdf"
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'fake-chromium'} did not print the handout: cannot open display\n"
    assert not out.exists()


def test_export_pdf_replaces_a_symlink_rather_than_writing_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A symlink where the PDF goes is replaced by the PDF; the file it pointed at is untouched."""
    monkeypatch.setenv("BACKREHAB_BROWSER", str(fake_browser(tmp_path, 'printf "%%PDF-1.4 fake" > "$out"\n')))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "handout.pdf"
    out.symlink_to(victim)
    assert invoke("export", "-o", str(out)).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not out.is_symlink()
    assert out.read_bytes() == b"%PDF-1.4 fake"


@pytest.mark.parametrize("step", ["---", "1. list", "2) also", "- bullet", "+ plus", "===", "~~~", "* star", "# hash"])
def test_markdown_steps_cannot_change_the_documents_shape(step: str) -> None:
    """A step, position or name that Markdown would read as a rule, a heading, a fence or a list of its own
    is escaped: parsed, the handout has one ordered list of the exercise's steps, one heading per exercise,
    no rule but the page's, and the text reads as written."""
    from markdown_it import MarkdownIt

    exercise = Exercise(
        id="odd", name=step, posture=Posture.BACK, position=step, steps=(step, "Relax"), hold_seconds=4, reps=2
    )
    catalogue = Catalogue(exercises=(exercise,), advice=(step,), pain_advice=None, source=None)
    tokens = MarkdownIt().parse(markdown(build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY)))
    kinds = [t.type for t in tokens]
    assert "hr" not in kinds
    assert "fence" not in kinds
    assert kinds.count("ordered_list_open") == 1
    assert kinds.count("bullet_list_open") == 1  # the general advice
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2"]
    steps = [t for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 2].type == "list_item_open"]
    assert [t.content for t in steps][:2] == [md(step), "Relax"]
    assert MarkdownIt().render(md(step)) == f"<p>{step}</p>\n"


def test_a_sheet_with_pictures_says_how_to_read_them_and_one_without_does_not(catalogue: Catalogue) -> None:
    """Readers new to the figures took the faint start for a limb: the key beside the title says which is which."""
    with_pictures = html(build_handout(catalogue=catalogue, options=PlanOptions(), today=MONDAY))
    assert with_pictures.count(FIGURE_KEY) == 1
    assert with_pictures.index(FIGURE_KEY) < with_pictures.index('<article class="exercise">')
    without = html(build_handout(catalogue=odd_catalogue(), options=PlanOptions(), today=MONDAY))
    assert all(e.figure is None for e in odd_catalogue().exercises)
    assert FIGURE_KEY not in without
