"""The click layer: the group, its lazily loaded commands, parameter types and what every command shares.

The only package that imports click; nothing outside it imports it. Each command parses, builds the
pieces and calls one core function.
"""
