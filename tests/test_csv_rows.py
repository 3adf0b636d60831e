"""The CSV of every result: rows written without the csv module read back as the csv module would write them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from backrehab.catalogue.load import load_catalogue
from backrehab.history.report import CSV_FIELDS, inert, write_csv

CATALOGUE = load_catalogue()
NAMES = {e.id: e.name for e in CATALOGUE.exercises}

words = st.sampled_from(["done", "skipped", "stopped: pain", "declined", 'odd, "quoted"', "=1+1", "new\nline"])
counts = st.one_of(st.integers(min_value=-3, max_value=30), st.sampled_from(["7", "a,b", "", "²", None, True, 2.5]))
rows = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=4),
        st.sampled_from(["2026-12-01T08:00:00+00:00", "2026-12-02T23:30:00-05:00"]),
        st.sampled_from(["completed", "ended early", "a, b"]),
        st.booleans(),
        st.sampled_from([None, 3]),
        st.sampled_from([None, 0]),
        st.one_of(st.integers(min_value=1, max_value=12), st.just("")),
        st.sampled_from([*NAMES, "gone,away", "=cmd"]),
        st.booleans(),
        words,
        st.sampled_from([None, "", "pain, sharp", "+x"]),
        counts,
        counts,
        counts,
        counts,
        counts,
        counts,
        st.booleans(),
    ),
    max_size=20,
).map(lambda found: same_session_same_fields(sorted(found, key=lambda row: row[0])))


def same_session_same_fields(found: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Rows of one session carry its fields (date, status, demo, pain, logged) as SQLite's join gives them."""
    first: dict[object, tuple[object, ...]] = {}
    out = []
    for row in found:
        session = first.setdefault(row[0], row)
        out.append((*session[:6], *row[6:17], session[17]))
    return out


def local_day(moment: datetime) -> date:
    return moment.date()


def reference(found: list[tuple[object, ...]]) -> str:
    """The rows as csv.writer writes them, one field at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in found:
        day = local_day(datetime.fromisoformat(str(row[1]))).isoformat()
        pain = ["" if v is None else str(v) for v in row[4:6]]
        exercise = [inert(str(row[7])), inert(NAMES.get(str(row[7]), ""))]
        reason = inert(str(row[10])) if row[10] else ""
        writer.writerow(
            [
                row[0],
                day,
                row[1],
                row[2],
                "yes" if row[3] else "no",
                "yes" if row[17] else "no",
                *pain,
                row[6],
                *exercise,
                "yes" if row[8] else "no",
                row[9],
                reason,
                *row[11:17],
            ]
        )
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(rows)
def test_rows_are_written_as_the_csv_module_writes_them(found: list[tuple[object, ...]]) -> None:
    """Numbers, words that need quoting, formula-like text, values of the wrong type: the same bytes either way."""
    out = io.StringIO()
    assert write_csv(iter(found), CATALOGUE, out, local_day) == len(found)
    assert out.getvalue() == reference(found)
