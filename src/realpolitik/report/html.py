"""The HTML report: one self-contained page (plotly.js inlined, no network needed).

The page is built from the case and the typed results of a run (the same data that goes to
results.json), so a report can be rebuilt from a stored run. This module assembles the page
(:class:`Page`, :func:`default_sections`, :func:`build_report`) and holds the helpers the
sections share; each section lives in ``report/<name>_section.py`` with its template in
``report/templates``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from realpolitik.case import Case
from realpolitik.report.pathways_section import pathways_section
from realpolitik.report.templating import render
from realpolitik.results import RunResults

STYLE = """
body { font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f;
       background: #f6f7f9; line-height: 1.45; }
header { background: #14213d; color: white; padding: 28px 40px 22px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 2px 0; color: #d6dbe6; }
/* The contents bar scrolls with the page: a sticky one is drawn over the content in print and
   in full-page screenshots, at whatever place the page was scrolled to. */
nav { background: white; border-bottom: 1px solid #dde1e7; padding: 10px 40px; }
nav a { margin-right: 18px; color: #14213d; text-decoration: none; font-weight: 600;
        font-size: 14px; }
main { max-width: 1180px; margin: 0 auto; padding: 10px 30px 60px; }
section { background: white; border: 1px solid #dde1e7; border-radius: 8px; padding: 18px 24px;
          margin: 22px 0; }
h2 { margin-top: 0; color: #14213d; }
h3 { color: #23395d; margin-bottom: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 14px; }
th, td { border-bottom: 1px solid #e7e9ee; padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { background: #f0f2f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.lead { font-size: 15px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.note { color: #5a6270; font-size: 13px; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #b42318; font-weight: 600; }
.tag { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px;
       background: #eef1f6; margin: 1px 2px; }
pre { background: #f3f4f7; padding: 10px; font-size: 12px; white-space: pre-wrap;
      overflow-wrap: anywhere; }
ul.scale { margin: 4px 0 10px; padding-left: 20px; font-size: 13px; }
ul.scale b { display: inline-block; min-width: 2.2em; color: #7a5c00; }
section, h3[id] { scroll-margin-top: 8px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
@media print { section { break-inside: auto; } }
"""

Renderer = Callable[[Case, Any, "Page"], str]

_SLUG = re.compile(r"[^a-z0-9]+")


class Page:
    """Collects figures with stable ids so that the same run gives the same page.

    A figure's id, which also names its image files, says what it shows: the section it
    stands in and what the renderer calls it (``bargaining-lachin-corridor-forecast``),
    made of lower-case letters, digits and dashes, with ``-2``, ``-3`` added on a repeat."""

    def __init__(self) -> None:
        self.figures: list[tuple[str, go.Figure]] = []
        self.section = ""
        self.section_title = ""
        self.sections: dict[str, str] = {}  # figure id -> title of its section

    def figure(self, fig: go.Figure, what: str = "figure") -> Markup:
        stem = _SLUG.sub("-", f"{self.section}-{what}".lower()).strip("-") or "figure"
        taken = {name for name, _ in self.figures}
        name, repeat = stem, 1
        while name in taken:
            repeat += 1
            name = f"{stem}-{repeat}"
        self.figures.append((name, fig))
        self.sections[name] = self.section_title
        return Markup(
            fig.to_html(
                full_html=False,
                include_plotlyjs=False,
                div_id=name,
                config={"displaylogo": False, "responsive": True},
            )
        )


MODEL_NAMES = {
    "eum": "Expected utility (BdM)",
    "mean": "Compromise (weighted mean)",
    "median": "Weighted median",
    "nash": "Nash bargaining",
    "nash-reference": "Nash bargaining from the reference point",
}


def scale_words(issue: Any) -> list[tuple[float, str]]:
    """Every named point of an issue's scale, in order: its two ends and its anchors."""
    return sorted([(0.0, issue.low), (100.0, issue.high),
                   *((anchor.at, anchor.meaning) for anchor in issue.anchors)])  # fmt: skip


def where_on_scale(issue: Any, value: float) -> str:
    """Where ``value`` lies among the named points of ``issue``'s scale, in words: near one
    (within 5 points) or between two."""
    points = scale_words(issue)
    near = min(points, key=lambda point: abs(point[0] - value))
    if abs(near[0] - value) <= 5:
        return f"near {near[0]:g}: {near[1]}"
    below = max((p for p in points if p[0] < value), key=lambda p: p[0])
    above = min((p for p in points if p[0] > value), key=lambda p: p[0])
    return f"between {below[0]:g} ({below[1]}) and {above[0]:g} ({above[1]})"


def _grounds(case: Case, judgment: Any) -> str:
    if judgment.assumption is not None:
        return f"assumption: {judgment.assumption}"
    claims = []
    for ref in judgment.evidence:
        item = case.evidence_item(ref)
        claims.append(f"{item.claim} [{item.source} ¶{item.paragraph}, {ref}]")
    return " ".join(claims)


@dataclass(frozen=True)
class Report:
    """The page and the figures drawn on it (name, figure), in page order."""

    html: str
    figures: list[tuple[str, go.Figure]]
    sections: dict[str, str] = field(default_factory=dict)  # figure id -> section title


def render_report(
    case: Case,
    results: RunResults,
    sections: Sequence[tuple[str, str, Renderer]] | None = None,
) -> str:
    """The whole report page as a string."""
    return build_report(case, results, sections).html


def build_report(
    case: Case,
    results: RunResults,
    sections: Sequence[tuple[str, str, Renderer]] | None = None,
) -> Report:
    """The report page and its figures."""
    page = Page()
    chosen = sections if sections is not None else default_sections(results)
    shown = []
    for anchor, title, render_section in chosen:
        page.section, page.section_title = anchor, title
        body = Markup(render_section(case, results, page))  # sections return safe HTML
        shown.append({"anchor": anchor, "title": title, "body": body})
    text = render(
        "page.html.j2",
        title=case.case.title,
        case_id=case.id,
        as_of=case.case.as_of.isoformat(),
        meta=results.meta,
        style=Markup(STYLE),
        plotly_js=Markup(get_plotlyjs()),
        sections=shown,
    )
    return Report(text, page.figures, page.sections)


def default_sections(results: RunResults | None = None) -> list[tuple[str, str, Renderer]]:
    """The report's sections; the backtest appears when the results hold one (a case that
    records outcomes)."""
    # The section modules import this one (Page and the shared helpers).
    from realpolitik.report.backtest_section import backtest_section
    from realpolitik.report.bargaining_section import bargaining_section
    from realpolitik.report.evidence_section import evidence_section
    from realpolitik.report.games_section import games_section
    from realpolitik.report.leverage_section import leverage_section
    from realpolitik.report.overview_section import overview_section
    from realpolitik.report.reproducibility_section import reproducibility_section
    from realpolitik.report.scenarios_section import scenarios_section
    from realpolitik.report.triangulation_section import triangulation_section

    backtest: list[tuple[str, str, Renderer]] = (
        [("backtest", "What happened next", backtest_section)]
        if results is not None and results.ran("backtest")
        else []
    )
    return [
        ("overview", "The case at a glance", overview_section),
        ("bargaining", "Bargaining forecasts", bargaining_section),
        ("scenarios", "Consistent futures", scenarios_section),
        ("leverage", "Leverage points", leverage_section),
        ("pathways", "Pathways through time", pathways_section),
        ("games", "Moments of choice", games_section),
        ("triangulation", "Where the engines agree", triangulation_section),
        *backtest,
        ("evidence", "Evidence and assumptions", evidence_section),
        ("reproducibility", "Reproducibility", reproducibility_section),
    ]
