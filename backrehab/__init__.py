"""backrehab: a guided timer for home exercises for back pain."""

__version__ = "0.1.0"
