"""Small catalogues that several test modules start from."""

#: The smallest valid catalogue: one exercise, required keys only.
PELVIC_TILT = """\
exercises:
  - id: pelvic-tilt
    name: Pelvic tilt
    posture: back
    position: On your back.
    steps: [Tilt.]
    hold_seconds: 5
    reps: 5
"""

#: Another one-exercise catalogue, standing, one rep.
WALL_LEAN = """\
exercises:
  - id: wall-lean
    name: Wall lean
    posture: standing
    position: Facing a wall.
    steps: [Lean in.]
    hold_seconds: 3
    reps: 1
"""
