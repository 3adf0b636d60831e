"""Reading a catalogue file: from the cache of checked catalogues when it holds this text, else checked afresh."""

from __future__ import annotations

from pathlib import Path

from backrehab.cache import cached_catalogue
from backrehab.catalogue.model import KINDS, Catalogue, CatalogueError, bundled_path
from backrehab.plainfiles import READ_ERRORS, read_regular_text


def load_catalogue(path: Path | None = None, *, cache_folder: Path | None = None, figures: bool = True) -> Catalogue:
    """Read and validate a catalogue file (the bundled one by default).

    With `cache_folder`, a catalogue checked before from the same text by the same code is taken
    from the cache there (`cache.py`) instead: no PyYAML, no check. Raises `CatalogueError` listing
    every problem found. With `figures` False, a catalogue from the cache comes without its figures
    (every exercise's is None): for a view that draws none, spared building the pose classes.
    """
    own = path is not None and path != bundled_path()
    path = path or bundled_path()
    label = str(path) if own else path.name
    try:
        text = read_regular_text(path)
    except READ_ERRORS as exc:
        # Not at the top: PyYAML: only when the file cannot be read from the cache.
        from backrehab.catalogue.yamlcheck import unreadable

        raise CatalogueError([unreadable(exc, label, "catalogue")]) from None

    def check() -> Catalogue:
        # Not at the top: PyYAML and the checker: only when the cache lacks this text.
        from backrehab.catalogue.check import parse_catalogue

        return parse_catalogue(text, label=label, path=path)

    if cache_folder is None:
        return check()
    return cached_catalogue(
        cache_folder, text, path, check, own=own, kinds=KINDS, figure_kinds=figure_kinds, figures=figures
    )


def figure_kinds() -> tuple[type, ...]:
    """The classes of a catalogue's figures, imported only when a command draws or prints them."""
    # Not at the top: the figures' classes: only for what draws them.
    from backrehab.figures.pose import KINDS as FIGURE_KINDS

    return FIGURE_KINDS
