"""Errors raised by the uncertainty layer."""

from __future__ import annotations


class UncertaintyError(ValueError):
    """Bad input to a Monte Carlo or sensitivity function; the message says how to fix it."""
