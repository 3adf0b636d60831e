"""The options in effect: built-in defaults, the config file, the command line over both, and routines.

`defaults` holds the built-in values; `configfile` reads and checks the config file like the
catalogue; `routines` checks named routines against the catalogue; `ineffect` works out what a
session and a plan use, once, for every command.
It may import the catalogue and the plan's option types; nothing of a session, a screen or the history.
"""
