"""The console script: backrehab starts with the cyclic garbage collector off.

Importing click and rich makes tens of thousands of objects, and the collector would walk them
about 40 times in a `list` (some 7.5 ms) to free next to nothing: start-up makes little cyclic
garbage, and the short commands simply exit. A session turns the collector back on for its long
run, after `gc.freeze()` has put everything made until then out of its sight
(`session.collect_from_now`), so each collection walks only what the run itself makes.
"""

from __future__ import annotations

import gc


def run() -> None:
    """Console-script entry point: `cli.app.run` with the collector off while it starts."""
    gc.disable()
    from .app import run as run_command

    run_command()
