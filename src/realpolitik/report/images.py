"""Static PNG and SVG copies of the report's charts (Plotly through Kaleido and Chromium).

plotly.js names what it draws after random ids: each trace without a ``uid`` gets a random
one (``class="trace scatter trace93814b"``), and each drawing a random six-character id for its
clip paths, gradients and definitions (``fullLayout._uid``: ``clip1872bbxy``, ``defs-1872bb``),
so the same chart exported twice gives two different SVG files. Traces are therefore given
their position as ``uid`` before export (:func:`with_trace_ids`), and :func:`stable_svg`
replaces the drawing id with one derived from the drawing's content: the same run gives
byte-identical images.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


#: The random id plotly.js gives a drawing, as it stands in the SVG's definitions element.
_DRAWING_ID = re.compile(r'id="defs-([0-9a-z]+)"')
#: Where an id of the drawing stands: defined (``id="clipUID..."``) or referred to
#: (``url(#clipUID...)``, ``url('#gUID-...')``, ``href="#..."``), always after a letter prefix.
_ID_PLACE = r'(?:(?<=id=")|(?<=#))([A-Za-z][A-Za-z-]*?)'


class ChartExportError(Exception):
    """Charts could not be drawn as images; the message says what to install."""


def stable_svg(svg: str) -> str:
    """``svg`` with plotly.js's random drawing id replaced by the first six hex digits of the
    SHA-256 of the drawing with that id left out, wherever it stands in an id or a reference
    to one (never in text or numbers). A drawing without the id is returned unchanged."""
    found = _DRAWING_ID.search(svg)
    if found is None:
        return svg
    reference = re.compile(_ID_PLACE + re.escape(found[1]))
    content = reference.sub(r"\1", svg)
    stable = hashlib.sha256(content.encode("utf-8")).hexdigest()[:6]
    return reference.sub(lambda match: match[1] + stable, svg)


def with_trace_ids(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` in which every trace without a ``uid`` has its position as one, so
    plotly.js does not draw it under a random id."""
    copy = go.Figure(fig)
    for position, trace in enumerate(copy.data):
        if trace.uid is None:
            trace.uid = str(position)
    return copy


_ATTEMPTS = 3


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
    drawn = [with_trace_ids(fig) for _, fig in figures]
    for extension in formats:
        paths = [folder / f"{name}.{extension}" for name, _ in figures]
        missing = list(range(len(paths)))
        # A busy machine can make the browser drop a chart without an error: draw the missing
        # ones again, and say so plainly if they still do not come.
        for _ in range(_ATTEMPTS):
            try:
                pio.write_images(
                    [drawn[k] for k in missing],
                    [paths[k] for k in missing],
                    format=extension,
                    scale=1,
                )
            except Exception as error:  # Kaleido reports browser failures with many types
                raise ChartExportError(
                    f"drawing the charts as {extension.upper()} with {browser} failed: {error}"
                ) from None
            missing = [k for k in missing if not paths[k].is_file()]
            if not missing:
                break
        if missing:
            raise ChartExportError(
                f"the browser ({browser}) did not draw {len(missing)} of {len(paths)} charts "
                f"as {extension.upper()} (first: {paths[missing[0]].name}); run again, or on a "
                "less busy machine"
            )
        if extension == "svg":
            for path in paths:
                path.write_text(stable_svg(path.read_text(encoding="utf-8")), encoding="utf-8")
        written.extend(paths)
    return written


_TAG = re.compile(r"<[^>]*>")


def chart_title(fig: go.Figure) -> str:
    """A figure's title as plain text (line breaks and sub-titles joined with a dash)."""
    text = fig.layout.title.text or ""
    text = text.replace("<br><sup>", " - ").replace("<br>", " ")
    return " ".join(_TAG.sub(" ", text).split())


def chart_index(
    figures: Sequence[tuple[str, go.Figure]], written: Sequence[Path], sections: Mapping[str, str]
) -> str:
    """``index.md`` of an image folder: a table of each figure's files, title and the report
    section it stands in, in page order."""
    files: dict[str, list[str]] = {}
    for path in written:
        files.setdefault(path.stem, []).append(path.name)
    rows = [
        "# Charts of the report",
        "",
        "Each chart of report.html drawn as an image, in the order of the page.",
        "",
        "| files | title | section |",
        "|---|---|---|",
    ]
    for name, fig in figures:
        links = ", ".join(f"[{f}]({f})" for f in files.get(name, []))
        cells = [links, chart_title(fig), sections.get(name, "")]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
