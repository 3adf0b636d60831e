"""The exercise catalogue: its frozen classes, reading and checking a hand-written YAML file, located problems.

`model` holds the classes and `load` the one way in (from the derived-data cache when it holds this
text, else checked afresh by `check`, which walks YAML nodes with `yamlcheck` so every problem has a
line and column, gathered as `problems`). It may import `figures` (a pose is checked where it is read),
`printable`, `plainfiles` and `cache`; nothing of a session, a screen or the history.
"""
