"""Errors raised by the game engine."""

from __future__ import annotations

__all__ = ["GameError"]


class GameError(ValueError):
    """A game is malformed or cannot be solved as asked.

    The message names the game, and where it applies the node, outcome or player at fault,
    and says how to fix the input.
    """
