"""The README and the pages in docs/ stay true: their example outputs are real and their links lead somewhere.

After changing what a command prints, `BACKREHAB_UPDATE_README=1 pytest tests/test_readme.py`
writes the new output into the pages' `<!-- output: … -->` blocks; review the diff before committing.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.cli.app import main

from .fakes import fake_surroundings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: Every page a reader is sent to: the README, the reference in docs/, and the performance notes.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md"]
BLOCK = re.compile(r"<!-- output: (?P<command>[^>]+) -->\n```text\n(?P<output>.*?)```", re.DOTALL)
#: A fenced code block, whose text is not Markdown (a `[x](y)` in it is no link).
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
#: A Markdown link or image: `[text](target)` or `![alt](target)`.
LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)\)")
#: A file of this repository named in backticks, e.g. `backrehab/history/progression.py`.
REPO_PATH = re.compile(r"`(?P<path>(?:backrehab|benchmarks|tests|docs)/[\w./-]+)`")


def page_name(page: Path) -> str:
    """The page's path from the repository root, as a test id and in messages."""
    return page.relative_to(ROOT).as_posix()


def examples() -> list[tuple[Path, str, str]]:
    """Every `<!-- output: … -->` block of every page: (page, command, expected output)."""
    return [
        (page, m["command"].strip(), m["output"])
        for page in PAGES
        for m in BLOCK.finditer(page.read_text(encoding="utf-8"))
    ]


EXAMPLES = examples()


def prose(page: Path) -> str:
    """The page's Markdown without its fenced code blocks."""
    return FENCE.sub("", page.read_text(encoding="utf-8"))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as hyphens."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#+ (.+)$", prose(page), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_pages_exist() -> None:
    """The reference pages are where the README says: docs/ holds them and each one is linked from the README."""
    docs = [page for page in PAGES if page.parent.name == "docs"]
    assert len(docs) >= 5
    linked = {(README.parent / m["target"].partition("#")[0]).resolve() for m in LINK.finditer(prose(README))}
    assert [page_name(page) for page in PAGES if page not in linked and page != README] == []


def test_readme_is_short() -> None:
    """The README stays short enough for a newcomer to read to the end; the reference lives in docs/."""
    assert len(README.read_text(encoding="utf-8").splitlines()) < 250


def test_pages_have_examples() -> None:
    """The pages show real output for list, show, session and progress."""
    assert {command.split()[1] for _, command, _ in EXAMPLES} >= {"list", "show", "session", "progress"}


@pytest.mark.parametrize(
    ("page", "command", "expected"),
    EXAMPLES,
    ids=[f"{page_name(page)}: {command}" for page, command, _ in EXAMPLES],
)
def test_output_is_real(page: Path, command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each `<!-- output: … -->` block equals the command's output at 80 columns (trailing spaces aside)."""
    monkeypatch.chdir(ROOT)  # a file the command names is given from the repository root, as a reader would
    args = shlex.split(command)
    assert args[0] == "backrehab"
    if "--cues" in args and shutil.which("espeak-ng") is None:
        pytest.skip("the phrases' lengths shown are espeak-ng's (.ci/run installs it)")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, args[1:], obj=fake_surroundings())
    got = [line.rstrip() for line in result.output.splitlines()]
    if os.environ.get("BACKREHAB_UPDATE_README") and got != [line.rstrip() for line in expected.splitlines()]:
        text = page.read_text(encoding="utf-8")
        marker = f"<!-- output: {command} -->\n```text\n"
        start = text.index(marker) + len(marker)
        end = text.index("```", start)
        page.write_text(text[:start] + "".join(line + "\n" for line in got) + text[end:], encoding="utf-8")
        return
    assert got == [line.rstrip() for line in expected.splitlines()]


def test_example_files_are_shown() -> None:
    """A config file an output block's command reads is shown in full on its page, so the output matches it."""
    used = [(page, arg) for page, command, _ in EXAMPLES for arg in re.findall(r"--config (\S+)", command)]
    assert used
    for page, arg in used:
        assert f"```yaml\n{(ROOT / arg).read_text(encoding='utf-8')}```" in page.read_text(encoding="utf-8"), arg


@pytest.mark.parametrize("page", PAGES, ids=page_name)
def test_links_lead_somewhere(page: Path) -> None:
    """Every relative link and image on the page names a file that exists, and a heading there if it has an anchor."""
    broken = []
    for m in LINK.finditer(prose(page)):
        target = m["target"]
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading '{anchor}' in {page_name(file)}")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=page_name)
def test_named_files_exist(page: Path) -> None:
    """Every file of the repository the page names in backticks (a module, a script) is where it says."""
    missing = [
        m["path"] for m in REPO_PATH.finditer(page.read_text(encoding="utf-8")) if not (ROOT / m["path"]).exists()
    ]
    assert missing == []
