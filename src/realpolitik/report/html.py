"""The HTML report: one self-contained page (plotly.js inlined, no network needed).

The page is built from the case and the plain results dictionary of a run (the same data
that goes to results.json), so a report can be rebuilt from a stored run.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from realpolitik.case import Case, iter_judgments
from realpolitik.report import figures

STYLE = """
body { font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f;
       background: #f6f7f9; line-height: 1.45; }
header { background: #14213d; color: white; padding: 28px 40px 22px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 2px 0; color: #d6dbe6; }
nav { background: white; border-bottom: 1px solid #dde1e7; padding: 10px 40px; position: sticky;
      top: 0; z-index: 10; }
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
pre { background: #f3f4f7; padding: 10px; overflow-x: auto; font-size: 12px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
"""

Renderer = Callable[[Case, Any, "Page"], str]


class Page:
    """Collects figures with stable ids so that the same run gives the same page."""

    def __init__(self) -> None:
        self.count = 0

    def figure(self, fig: go.Figure) -> str:
        self.count += 1
        return str(
            fig.to_html(
                full_html=False,
                include_plotlyjs=False,
                div_id=f"figure-{self.count}",
                config={"displaylogo": False, "responsive": True},
            )
        )


def esc(value: object) -> str:
    return html.escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: bool = True) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if numeric and isinstance(value, float):
                cells.append(f'<td class="num">{value:.3g}</td>')
            elif numeric and isinstance(value, int):
                cells.append(f'<td class="num">{value}</td>')
            else:
                cells.append(f"<td>{value if isinstance(value, Raw) else esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class Raw(str):
    """Trusted HTML that a table cell shows as is."""


def overview_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    summary = results["case"]
    counts = summary["counts"]
    judged = summary["judgments"]
    facts = table(
        ["fact", "value", "unit"],
        [(fact.name, str(fact.value), fact.unit) for fact in case.facts],
        numeric=False,
    )
    return (
        f'<p class="lead">{esc(case.case.description)}</p>'
        f"<p>{counts['actors']} actors, {counts['issues']} contested issues, "
        f"{counts['descriptors']} scenario descriptors with {counts['variants']} variants and "
        f"{counts['cross_impacts']} cross-impact judgments, {counts['games']} games. "
        f"{judged['evidenced']} of {judged['total']} judged inputs "
        f"({judged['evidenced_share']:.0%}) cite evidence; the rest are labelled assumptions.</p>"
        f'<div class="grid2"><div>{page.figure(figures.capabilities(case))}</div>'
        f"<div><h3>Facts</h3>{facts}</div></div>"
        f"{page.figure(figures.positions(case))}"
    )


def evidence_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    check = results.get("evidence")
    if check is None:
        verdict = (
            '<p class="note">The anchors were not checked in this run (no source folder was '
            "given; use <code>--sources DIR</code>).</p>"
        )
        statuses: dict[str, str] = {}
    else:
        counts = check["counts"]
        cls = "ok" if check["ok"] else "bad"
        verdict = (
            f'<p><span class="{cls}">{"all anchors verified" if check["ok"] else "failures"}'
            f"</span> against <code>{esc(check['sources_dir'])}</code>: "
            + ", ".join(f"{esc(k)} {v}" for k, v in counts.items())
            + "</p>"
        )
        statuses = {c["item"]: c["status"] for c in check["checks"] if c["status"] != "assumption"}
    sources = {source.id: source for source in case.sources}
    uses: dict[str, list[str]] = {}
    for judged in iter_judgments(case):
        for ref in judged.judgment.evidence:
            uses.setdefault(ref, []).append(judged.label)
    rows = []
    for item in case.evidence:
        source = sources.get(item.source)
        rows.append(
            (
                item.id,
                f"{source.author if source else item.source}, ¶{item.paragraph}",
                f"“{item.anchor}”",
                item.claim,
                len(uses.get(item.id, [])),
                statuses.get(item.id, "not checked"),
            )
        )
    assumptions = [
        (judged.label, f"{judged.judgment.value:g}", judged.judgment.assumption or "")
        for judged in iter_judgments(case)
        if judged.judgment.is_assumption
    ]
    source_rows = [
        (s.id, s.author, s.title, s.publisher, s.date.isoformat(), s.note or "")
        for s in case.sources
    ]
    return (
        verdict
        + "<h3>Sources</h3>"
        + table(["id", "author", "title", "publisher", "date", "note"], source_rows, False)
        + f"<details><summary><b>Evidence: {len(rows)} citations</b> (click to open)</summary>"
        + table(["id", "where", "anchor", "our claim", "inputs citing it", "check"], rows)
        + "</details>"
        + f"<details><summary><b>Assumptions: {len(assumptions)} inputs</b> with their reasons"
        + "</summary>"
        + table(["input", "value", "reason"], assumptions, numeric=False)
        + "</details>"
    )


def reproducibility_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    meta = results["meta"]
    rows = [
        ("case", meta["case"]),
        ("case file sha256", meta["case_sha256"]),
        ("realpolitik version", meta["version"]),
        ("seed", meta["seed"]),
        ("Monte Carlo runs", meta["n_runs"]),
    ]
    return (
        table(["", ""], rows, numeric=False)
        + "<p>This command rebuilds this report and a byte-identical results.json:</p>"
        + f"<pre>{esc(meta['command'])}</pre>"
    )


def render_report(
    case: Case,
    results: Mapping[str, Any],
    sections: Sequence[tuple[str, str, Renderer]] | None = None,
) -> str:
    """The whole report page as a string."""
    page = Page()
    chosen = sections if sections is not None else default_sections()
    parts = []
    nav = []
    for anchor, title, render in chosen:
        body = render(case, results, page)
        nav.append(f'<a href="#{anchor}">{esc(title)}</a>')
        parts.append(f'<section id="{anchor}"><h2>{esc(title)}</h2>{body}</section>')
    meta = results["meta"]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(case.case.title)}: realpolitik report</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script>"
        "</head><body>"
        f"<header><h1>{esc(case.case.title)}</h1>"
        f"<p>Case <b>{esc(case.id)}</b>, as of {case.case.as_of.isoformat()} &middot; "
        f"realpolitik {esc(meta['version'])} &middot; seed {esc(meta['seed'])} &middot; "
        f"{esc(meta['n_runs'])} Monte Carlo runs</p></header>"
        f"<nav>{''.join(nav)}</nav><main>{''.join(parts)}</main></body></html>"
    )


def default_sections() -> list[tuple[str, str, Renderer]]:
    return [
        ("overview", "The case at a glance", overview_section),
        ("evidence", "Evidence and assumptions", evidence_section),
        ("reproducibility", "Reproducibility", reproducibility_section),
    ]
