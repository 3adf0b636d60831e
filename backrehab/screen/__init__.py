"""What is drawn: the plain line-by-line view, the compact and big live views, their layout, block digits,
the full screen, and the static views of `list`, `show` and `session --plan`.

Every view listens to the session's `events`; none imports the runner, the audio or the history.
Words come from `backrehab.wording`, so the screen and the voice never disagree.
"""
