"""Toolkit editions as signed packs: make, verify, install, switch, and say what changed.

Kept import-light: `paths` reads which edition is in use at start-up through `state`.
"""

from __future__ import annotations


class EditionError(Exception):
    """A pack or a request was refused; the message is one sentence a person can act on."""
