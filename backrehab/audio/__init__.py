"""What is heard: the session's one audio timeline, the speech engines, and the tones, on one channel.

It may import the plan, the session's `events` and `backrehab.wording`; nothing of the screen or the history.
"""
