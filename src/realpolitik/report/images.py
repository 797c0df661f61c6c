"""Static PNG and SVG copies of the report's charts (Plotly through Kaleido and Chromium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ChartExportError(Exception):
    """Charts could not be drawn as images; the message says what to install."""


def find_browser() -> str | None:
    """The browser Kaleido should drive: $BROWSER_PATH, else a system Chromium or Chrome."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("google-chrome")
    return found


def export_charts(
    figures: Sequence[tuple[str, go.Figure]], folder: Path, formats: Sequence[str] = ("png", "svg")
) -> list[Path]:
    """Write each figure as ``folder/NAME.FORMAT``; returns the paths written."""
    browser = find_browser()
    if browser is None:
        raise ChartExportError(
            "no Chromium or Chrome found to draw the charts as PNG/SVG; install Debian's "
            "chromium (apt-get install chromium) or set BROWSER_PATH"
        )
    os.environ["BROWSER_PATH"] = browser
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for extension in formats:
        paths = [folder / f"{name}.{extension}" for name, _ in figures]
        try:
            pio.write_images([fig for _, fig in figures], paths, format=extension, scale=1)
        except Exception as error:  # Kaleido reports browser failures with many types
            raise ChartExportError(
                f"drawing the charts as {extension.upper()} with {browser} failed: {error}"
            ) from None
        written.extend(paths)
    return written
