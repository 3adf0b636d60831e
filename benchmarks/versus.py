"""Start-up of two versions of backrehab, pair by pair: is a change faster, and by how much?

Each version is a source tree (a checkout, or `git archive COMMIT | tar -x -C DIR`) run with
`python -m backrehab` through `PYTHONPATH`, from a folder outside both, by the Python this runs
under (backrehab's, which records the history). Each command runs once for each version, round
after round, and each ratio is the median of the rounds' own ratios, after / before: a busy moment
of this shared machine slows both alike, whereas two separate runs of `run.py` moved the same
command's ratio by up to 0.06. Both versions read one history of 30 sessions, as in `run.py`, and
keep their own cache folder.

    mkdir /tmp/before && git archive 0b831ac | tar -x -C /tmp/before
    .venv/bin/python benchmarks/versus.py /tmp/before . --rounds 60
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import COLD_LIST, HISTORY_SESSIONS, Command, seed_history, table, time_startup

COMMANDS = {
    "backrehab --help": ["--help"],
    "backrehab list": ["list"],
    "backrehab show pelvic-tilt": ["show", "pelvic-tilt"],
    "backrehab session --plan": ["session", "--plan"],
    COLD_LIST: ["list"],
}


def version_commands(label: str, tree: Path, folder: Path, goal_of: str | None) -> dict[str, Command]:
    """Every command of COMMANDS as run from `tree`, named "label: command"; each compared to `goal_of`'s."""
    cache = folder / f"cache-{label}"
    own = folder / f"catalogue-{label}.yaml"
    bundled = (tree / "backrehab" / "exercises.yaml").read_text(encoding="utf-8")
    edits = iter(range(1, 1_000_000))

    def edit_catalogue() -> None:
        own.write_text(bundled + f"# edit {next(edits)}\n", encoding="utf-8")

    env = {"PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}
    commands = {}
    for name, args in COMMANDS.items():
        cold = name == COLD_LIST
        commands[f"{label}: {name}"] = Command(
            [sys.executable, "-m", "backrehab", *args],
            env={**env, "BACKREHAB_CATALOGUE": str(own)} if cold else env,
            before=edit_catalogue if cold else None,
            goal=(f"{goal_of}: {name}", None) if goal_of else None,
        )
    return commands


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("before", type=Path, help="source tree of the version before")
    parser.add_argument("after", type=Path, help="source tree of the version after")
    parser.add_argument("--rounds", type=int, default=60, help="rounds of every command [60]")
    options = parser.parse_args(argv)
    trees = [options.before.resolve(), options.after.resolve()]
    for tree in trees:
        if not (tree / "backrehab" / "__main__.py").is_file():
            parser.error(f"{tree} holds no backrehab package")

    def log(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="backrehab-versus-") as folder:
        os.chdir(folder)  # `python -m` looks in the current folder first: neither version is there
        os.environ["XDG_DATA_HOME"] = folder
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        for name in ("BACKREHAB_HOME", "BACKREHAB_CATALOGUE", "BACKREHAB_NO_CACHE"):
            os.environ.pop(name, None)
        seed_history(HISTORY_SESSIONS, log)  # by the backrehab installed beside this Python
        before = version_commands("before", trees[0], Path(folder), None)
        after = version_commands("after", trees[1], Path(folder), "before")
        # Interleaved command by command: before list, after list, before show, after show, …
        commands = {name: command for pair in zip(before.items(), after.items(), strict=True) for name, command in pair}
        figures = time_startup(commands, options.rounds, log)
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
