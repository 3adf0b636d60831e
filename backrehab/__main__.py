"""`python -m backrehab` and the `backrehab` command.

The entry point imports the command line inside a try, so Ctrl-C while the modules
load (the first moments after pressing Enter) ends quietly with 130, the shell's
status for an interrupted command, instead of a traceback.

It also starts backrehab with the cyclic garbage collector off. Importing click and
rich makes tens of thousands of objects, and the collector would walk them about 40
times in a `list` (some 7.5 ms) to free next to nothing: start-up makes little cyclic
garbage, and the short commands simply exit. A session turns the collector back on
for its long run, after `gc.freeze()` has put everything made until then out of its
sight (`session.collect_from_now`), so each collection walks only what the run makes.
"""

import gc  # built in, like sys: importing it cannot be interrupted half way
import sys  # built in: importing it cannot be interrupted half way (nor can anything else be imported here)


def main() -> None:
    """Import and run the command line; Ctrl-C before a command takes charge exits 130 without a traceback."""
    gc.disable()
    try:
        # Not at the top: inside the try: Ctrl-C while it loads ends quietly.
        from backrehab.cli.app import run

        run()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
