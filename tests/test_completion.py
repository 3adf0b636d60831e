"""Shell completion: the scripts, and the exercise ids and routine names offered on Tab."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main

CONFIG = "routines:\n  morning: [pelvic-tilt, knee-rolls]\n  busy: [deep-lunge]\n"


def complete(args: list[str], incomplete: str) -> list[str]:
    items = ShellComplete(main, {}, "backrehab", "_BACKREHAB_COMPLETE").get_completions(args, incomplete)
    return [item.value for item in items]


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("BACKREHAB_CONFIG", str(path))
    return path


def test_show_completes_ids_by_id_or_name() -> None:
    """After `show`, a prefix of an id or of a name (any case) completes to the ids."""
    assert complete(["show"], "kne") == ["knee-rolls", "knees-to-chest"]
    assert complete(["show"], "Deep S") == ["deep-stomach-muscle-tone"]
    assert len(complete(["show"], "")) == 12


def test_show_items_carry_the_name_as_help() -> None:
    """Each offered id has the exercise's name beside it (zsh and fish show it)."""
    items = ShellComplete(main, {}, "backrehab", "_BACKREHAB_COMPLETE").get_completions(["show"], "leg")
    assert [(i.value, i.help) for i in items] == [("leg-raise", "Leg raise")]


def test_id_lists_complete_after_the_last_comma(catalogue: Catalogue) -> None:
    """`--only pelvic-tilt,kn` offers the ids starting with kn, after what is typed; listed ids are not offered."""
    assert complete(["session", "--only"], "pelvic-tilt,kn") == ["pelvic-tilt,knee-rolls", "pelvic-tilt,knees-to-chest"]
    assert complete(["session", "--skip"], "deep-lunge,") == [
        f"deep-lunge,{i}" for i in catalogue.ids if i != "deep-lunge"
    ]
    assert complete(["session", "--only", "leg-raise", "--skip"], "arm") == ["arm-raise"]


def test_routine_names_complete(config_file: Path) -> None:
    """After `--routine`, the config file's routine names starting with what is typed."""
    assert complete(["session", "--routine"], "") == ["morning", "busy"]
    assert complete(["session", "--routine"], "b") == ["busy"]


def test_completion_follows_config_and_catalogue_options(tmp_path: Path) -> None:
    """--config and --catalogue given before the command are used for what is offered."""
    config = tmp_path / "other.yaml"
    config.write_text("routines:\n  evening: [wall-lean]\n", encoding="utf-8")
    catalogue = tmp_path / "mine.yaml"
    catalogue.write_text(
        "exercises:\n  - {id: wall-lean, name: Wall lean, posture: standing, position: P., steps: [S.],"
        " hold_seconds: 3, reps: 1}\n",
        encoding="utf-8",
    )
    assert complete(["--config", str(config), "session", "--routine"], "") == ["evening"]
    assert complete(["--catalogue", str(catalogue), "show"], "") == ["wall-lean"]


def test_broken_files_offer_nothing(tmp_path: Path) -> None:
    """A broken catalogue or config file offers no items and raises nothing."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [\n", encoding="utf-8")
    assert complete(["--catalogue", str(broken), "show"], "") == []
    assert complete(["--catalogue", str(broken), "session", "--only"], "pelvic-tilt,") == []
    assert complete(["--config", str(broken), "session", "--routine"], "") == []
    assert complete(["--config", str(tmp_path / "missing.yaml"), "session", "--routine"], "") == []


def run_completion(shell: str, words: str, cword: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backrehab"],
        env={**os.environ, "_BACKREHAB_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": cword, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.slow  # a real process
def test_completion_through_the_environment_variable(config_file: Path) -> None:
    """The program answers the shell's completion request: bash's type,value lines; fish with the name as help."""
    bash = run_completion("bash", "backrehab session --only pelvic-tilt,kne", "3")
    assert bash.stdout.splitlines() == ["plain,pelvic-tilt,knee-rolls", "plain,pelvic-tilt,knees-to-chest"]
    fish = run_completion("fish", "backrehab show leg", "leg")
    assert fish.stdout.splitlines() == ["plain,leg-raise\tLeg raise"]
    routines = run_completion("zsh", "backrehab session --routine ", "3")
    assert routines.stdout.splitlines() == [
        "plain",
        "morning",
        "pelvic-tilt, knee-rolls",
        "plain",
        "busy",
        "deep-lunge",
    ]


def test_broken_catalogue_prints_nothing_to_the_shell(tmp_path: Path) -> None:
    """Completing with a broken catalogue prints no error into the command line and exits 0."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [\n", encoding="utf-8")
    result = run_completion("bash", "backrehab show kne", "2", BACKREHAB_CATALOGUE=str(broken))
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _backrehab_completion backrehab"),
        ("zsh", "compdef _backrehab_completion backrehab"),
        ("fish", "complete --no-files --command backrehab"),
    ],
)
def test_completion_prints_the_script(shell: str, marker: str) -> None:
    """`completion SHELL` prints the script that registers completion for backrehab in that shell."""
    result = CliRunner().invoke(main, ["completion", shell])
    assert result.exit_code == 0
    assert marker in result.stdout
    assert f"_BACKREHAB_COMPLETE={shell}_complete" in result.stdout


def test_unknown_shell_exits_2() -> None:
    """A shell without completion support is a usage error listing the supported ones."""
    result = CliRunner().invoke(main, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_script_completes_in_bash(tmp_path: Path) -> None:
    """Sourced into a real bash, the script fills COMPREPLY with the ids after the comma."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "backrehab"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m backrehab "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    script = CliRunner().invoke(main, ["completion", "bash"]).stdout
    (tmp_path / "complete.bash").write_text(script, encoding="utf-8")
    probe = (
        f"source {tmp_path / 'complete.bash'}\n"
        "COMP_WORDS=(backrehab session --skip pelvic-tilt,kne); COMP_CWORD=3\n"
        "_backrehab_completion backrehab\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, env=env, timeout=30)
    assert result.stdout.splitlines() == ["pelvic-tilt,knee-rolls", "pelvic-tilt,knees-to-chest"]
