"""Daily reminders through the computer's own scheduler (systemd user timers, launchd, cron).

Imports nothing of the rest of backrehab: the click layer hands it what it needs.
"""
