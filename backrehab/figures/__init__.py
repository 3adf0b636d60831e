"""The exercises' figures: poses as joint angles, a body placed from them, drawn as SVG and as braille.

Imports only the catalogue's classes; used by the catalogue's checks, the screen and the handout.
"""
