"""Any value of `session`'s options: a plan or a clean usage error (exit 2), never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrehab.catalogue.load import load_catalogue
from backrehab.cli.app import main

IDS = load_catalogue().ids
SPECIAL = ["0", "-0", "-1", "nan", "NaN", "inf", "-inf", "infinity", "1e308", "-1e308", "1e-320", "", " ", ",", "0x10"]
numbers = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats().map(repr),
    st.integers().map(str),
    st.text(max_size=12),
)
id_lists = st.one_of(
    st.lists(st.sampled_from([*IDS, "", " ", "nope", "PELVIC-TILT", "Knee rolls", "pelvik-tilt"]), max_size=4).map(
        ",".join
    ),
    st.text(max_size=20),
)
OPTIONS = {"--only": id_lists, "--skip": id_lists, "--speed": numbers, "--rest": numbers, "--lead-in": numbers}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["session", "--plan", *args])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(st.sampled_from(sorted(OPTIONS)), st.just(None), min_size=1).flatmap(
        lambda chosen: st.fixed_dictionaries({name: OPTIONS[name] for name in chosen})
    )
)
def test_any_option_values_plan_or_exit_2(values: dict[str, str]) -> None:
    """Zero, negative, NaN, infinite, huge, empty, unknown or random values: a plan, or exit 2 with a reason."""
    result = invoke(*(part for pair in values.items() for part in pair))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert any(line.startswith("Total: ") for line in result.output.splitlines())
    else:
        assert result.exit_code == 2
        assert "Error: " in result.stderr


@pytest.mark.parametrize("speed", ["1e-320", "1e-300", "0.001"])
def test_a_speed_too_slow_for_the_clock_is_refused(speed: str) -> None:
    """A tiny --speed would make waits overflow the clock mid-session: it is refused up front with exit 2."""
    result = CliRunner().invoke(main, ["session", "--yes", "--only", "pelvic-tilt", "--speed", speed])
    assert result.exit_code == 2
    assert f"must be from 0.01 to 1000000, got {speed}" in result.stderr
