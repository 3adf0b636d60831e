"""`python -m backrehab`."""

from .cli.start import run

run()
