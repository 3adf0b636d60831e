"""The history: the SQLite store, what a session records or `log` enters, progression of holds, stats, what `history`
shows.

It listens to the session's `events` (the recorder) and imports the catalogue and the plan; never the screen or audio.
"""
