"""A session as it runs: the runner walking a plan against a clock, the events it emits, keys, signals, wiring.

`runner` knows no terminal, speech or SQLite: it turns a plan, a clock and key commands into
`events`, which the screen, the audio and the history listen to. `keys`, `clock`, `interrupts`
and `awake` (keeping the screen on) hold the real side effects, gathered in `surroundings` so
tests pass fakes; `wiring` builds a real session from them and is the one module here that may
import `screen` and `audio`.
"""
