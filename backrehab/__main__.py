"""`python -m backrehab`."""

from .cli import run

run()
