"""Headless Chromium for the tests that print a page, and the mark that skips them where it is missing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
_no_browser = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="needs headless Chromium and poppler-utils (Debian packages chromium, poppler-utils)",
)


def needs_browser(test: Callable[..., None]) -> Callable[..., None]:
    """Marks a test that prints through a real browser: slow, and skipped where the browser is missing."""
    marked: Callable[..., None] = pytest.mark.slow(_no_browser(test))
    return marked


def print_to_pdf(page: Path, tmp_path: Path) -> Path:
    """Print `page` with headless Chromium, as a person's browser would, to a PDF beside it."""
    pdf = page.with_suffix(".pdf")
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return pdf
