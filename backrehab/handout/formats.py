"""The handout's file formats and paper sizes: what `export` offers, and how a file name picks its format."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path


class Format(enum.Enum):
    """The handout's file format."""

    HTML = "html"
    MARKDOWN = "md"
    PDF = "pdf"

    @classmethod
    def for_path(cls, path: Path) -> Format | None:
        """The format a file name asks for (.html, .htm, .md, .markdown, .pdf), or None."""
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            return cls.HTML
        if suffix in (".md", ".markdown"):
            return cls.MARKDOWN
        if suffix == ".pdf":
            return cls.PDF
        return None


class Paper(enum.Enum):
    """The handout's page size: `auto` leaves it to the printer's paper, which suits A4 and Letter alike."""

    AUTO = "auto"
    A4 = "a4"
    LETTER = "letter"
