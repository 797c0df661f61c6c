"""The one exception the scenario engine raises for bad input."""

from __future__ import annotations


class ScenarioError(ValueError):
    """Bad input to the scenario engine: a malformed file, a matrix of the wrong shape,
    an unknown descriptor or variant name.

    The message names where the problem is (file and line, or field), what is wrong and how
    to fix it, so that the command line and the web layer can show it as it is.
    """
