"""`python -m backrehab` and the `backrehab` command.

The entry point imports the command line inside a try, so Ctrl-C while the modules
load (the first moments after pressing Enter) ends quietly with 130, the shell's
status for an interrupted command, instead of a traceback.
"""

import sys  # built in: importing it cannot be interrupted half way (nor can anything else be imported here)


def main() -> None:
    """Import and run the command line; Ctrl-C before a command takes charge exits 130 without a traceback."""
    try:
        from .cli.app import run

        run()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
