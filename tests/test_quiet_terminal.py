"""A dumb terminal gets no escape codes, and Ctrl-C before anything has started leaves quietly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .terminal import SHORT, finish, spawn

pytestmark = pytest.mark.slow  # a real process in real time


def test_a_dumb_terminal_gets_no_escape_codes_at_all() -> None:
    """With TERM=dumb a whole session, keys active, sends not a single ESC (not even "show the cursor")."""
    child = spawn([*SHORT, "--no-history", "--no-checkin", "--speed", "100"], TERM="dumb")
    output = finish(child)
    assert child.exitstatus == 0
    assert b"Session complete" in output
    assert b"\x1b" not in output


#: Start backrehab the way its command does, with Ctrl-C arriving while the module named {module} loads.
CTRL_C_WHILE_LOADING = """
import sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "{module}":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["backrehab", "list"]
from backrehab.__main__ import main
main()
"""


@pytest.mark.parametrize("module", ["click", "rich"])
def test_ctrl_c_while_modules_load_exits_130_quietly(module: str) -> None:
    """Ctrl-C in the first moments (click loading, or rich as `list` starts): exit 130, no traceback, no "Aborted!"."""
    script = CTRL_C_WHILE_LOADING.format(module=module)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert done.returncode == 130
    assert done.stderr == ""
    assert done.stdout == ""
