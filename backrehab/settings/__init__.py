"""The options in effect: built-in defaults, the config file, the command line over both, and routines.

`defaults` imports nothing; `configfile` reads and checks the config file like the catalogue;
`ineffect` and `options` work out what a session and a plan use, once, for every command.
It may import the catalogue and the plan's option types; nothing of a session, a screen or the history.
"""
