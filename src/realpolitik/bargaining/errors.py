"""Errors raised by the bargaining engine."""

from __future__ import annotations


class BargainingError(ValueError):
    """Bad input to a bargaining function; the message says what is wrong and how to fix it."""
