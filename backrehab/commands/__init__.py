"""The commands beyond a session, `list` and `show`, each group in its own module."""
