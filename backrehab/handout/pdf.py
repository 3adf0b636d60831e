"""The handout as a real PDF: the HTML printed by a headless Chromium or Chrome found on the machine.

Browsers lay out print far better than anything small enough to bundle, and
the person printing the sheet has one already; when none is found the
command says so and how to get one, rather than writing HTML under a .pdf name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from backrehab.plainfiles import write_atomic

#: Names a Chromium-family browser goes by on PATH, most likely first.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge")
#: Set to a browser's path (or name on PATH) to choose it.
BROWSER_VARIABLE = "BACKREHAB_BROWSER"
#: Printing takes a second or two; a browser that hangs is given up on after this.
TIMEOUT_SECONDS = 120


class PdfError(Exception):
    """The PDF could not be written; the message says why, for the person."""


def no_browser_message() -> str:
    return (
        f"writing a PDF needs Chromium or Google Chrome, and none was found on PATH (looked for "
        f"{', '.join(BROWSERS)}). Install one (on Debian or Ubuntu: sudo apt install chromium), "
        f"set {BROWSER_VARIABLE} to one's path, or write HTML (-o handout.html) and print it from a browser."
    )


def find_browser(
    *, which: Callable[[str], str | None] = shutil.which, environ: Mapping[str, str] = os.environ
) -> str | None:
    """The browser to print with: `BACKREHAB_BROWSER` if set, else the first of `BROWSERS` on PATH."""
    chosen = environ.get(BROWSER_VARIABLE)
    if chosen:
        return which(chosen)
    return next((found for name in BROWSERS if (found := which(name))), None)


def write_pdf(page: str, output: Path, *, browser: str, mode: int = 0o666) -> None:
    """Print the HTML `page` to `output` with the headless `browser`; `output` is only replaced by a whole PDF.

    `mode` is the new file's (narrowed by the umask): 0o600 for a page of health data, such as the report.
    """
    with tempfile.TemporaryDirectory(prefix="backrehab-pdf-") as work:
        source = Path(work) / "handout.html"
        source.write_text(page, encoding="utf-8")
        printed = Path(work) / "handout.pdf"
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",  # the sandbox cannot start in many containers; the page is our own, with no scripts
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={printed}",
            "--no-pdf-header-footer",
            source.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"{browser} took over {TIMEOUT_SECONDS} s to print the handout, so it was stopped") from None
        except OSError as error:
            raise PdfError(f"cannot run {browser}: {error.strerror or error}") from None
        data = printed.read_bytes() if printed.exists() else b""
        if not data.startswith(b"%PDF"):
            said = " ".join(result.stderr.split()[-30:]) or f"exit status {result.returncode}"
            raise PdfError(f"{browser} did not print the handout: {said}")
    try:
        write_atomic(output, data, mode=mode)  # a symlink at `output` is replaced, never written through
    except OSError as error:
        raise PdfError(f"cannot write {output}: {error.strerror or error}") from None
