"""The command-line interface."""

from realpolitik.cli.app import app, main

__all__ = ["app", "main"]
