"""`python -m backrehab`."""

from .cli.app import run

run()
