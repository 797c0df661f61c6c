"""The HTML report: one self-contained page (plotly.js inlined, no network needed).

The page is built from the case and the plain results dictionary of a run (the same data
that goes to results.json), so a report can be rebuilt from a stored run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from realpolitik.case import Case, iter_judgments
from realpolitik.report import figures
from realpolitik.report.pathways_section import pathways_section
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required

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


def overview_section(case: Case, results: RunResults, page: Page) -> str:
    summary = results.case
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
        f'<div class="grid2"><div>{page.figure(figures.capabilities(case), "capabilities")}</div>'
        f"<div><h3>Facts</h3>{facts}</div></div>"
        f"{page.figure(figures.positions(case), 'positions')}"
    )


MODEL_NAMES = {
    "eum": "Expected utility (BdM)",
    "mean": "Compromise (weighted mean)",
    "median": "Weighted median",
    "nash": "Nash bargaining",
    "nash-reference": "Nash bargaining from the reference point",
}


def input_label(name: str, actor_names: Mapping[str, str]) -> str:
    """A sensitivity input in words: ``position:united-states`` -> "United States: position"."""
    kind, _, actor = name.partition(":")
    if not actor:
        return name
    return f"{actor_names.get(actor, actor)}: {kind}"


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


def scale_note(case: Case, issue: Any) -> str:
    """An issue's description and its scale in words: the two ends and every anchor, each
    anchor with its grounds (the claims of its evidence, or its assumption)."""
    grounds = {
        anchor.at: (
            f"assumption: {anchor.assumption}"
            if anchor.assumption
            else " ".join(
                f"{case.evidence_item(ref).claim} [{case.evidence_item(ref).source}, {ref}]"
                for ref in anchor.evidence
            )
        )
        for anchor in issue.anchors
        if anchor.assumption or anchor.evidence
    }
    points = "".join(
        f"<li><b>{at:g}</b> = {esc(meaning)}"
        + (f' <span class="note">({esc(grounds[at])})</span>' if at in grounds else "")
        + "</li>"
        for at, meaning in scale_words(issue)
    )
    described = f"<p>{esc(issue.description)}</p>" if issue.description else ""
    return f'{described}<ul class="scale">{points}</ul>'


def _sobol_table(sobol: Mapping[str, Any], actor_names: Mapping[str, str], top: int = 6) -> str:
    """The inputs with the largest total-order Sobol indices (variance-based ranking)."""
    index = {name: k for k, name in enumerate(sobol["names"])}
    rows = [
        (
            input_label(name, actor_names),
            float(sobol["total"][index[name]]),
            float(sobol["total_conf"][index[name]]),
            float(sobol["first_order"][index[name]]),
        )
        for name in sobol["ranking"][:top]
    ]
    return (
        f"<p><b>Variance-based ranking</b> (Sobol indices over {sobol['n_evaluations']:,} "
        "model runs; with few runs the confidence half-widths are wide)</p>"
        + table(["input", "total index", "± 95%", "first-order index"], rows)
    )


def bargaining_section(case: Case, results: RunResults, page: Page) -> str:
    data = required(results.bargaining, "bargaining")
    names = {actor.id: actor.name for actor in case.actors}
    colours = figures.actor_colours(case)
    parts = [
        "<p>Each issue is forecast by the expected-utility model of Bueno de Mesquita (as "
        "documented by Scholz, Calbert and Smith 2011) and three baselines from Thomson et "
        "al. (2006). Bands come from Monte Carlo draws of every position, salience and "
        "capability within its stated uncertainty (a default where none is stated).</p>",
    ]
    if data["issues"]:
        options = data["issues"][0]["eum"]["parameters"].get("options", {})
        shown = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in options.items())
        parts.append(
            '<p class="note">Expected-utility readings used (the combination with the lowest '
            "error on the DEU III development data; see docs/bargaining.md): "
            f"{esc(shown)}. Even so chosen, the model missed real outcomes by more than the "
            "weighted mean in cross-validation, so read it beside the other models.</p>"
        )
    if "track_record" in data:
        parts.append(_track_record_part(data, results.backtest))
    overview_rows = []
    for issue in data["issues"]:
        summaries = issue["monte_carlo"]["summaries"]
        eum = summaries["eum"]
        overview_rows.append(
            (
                Raw(f'<a href="#issue-{esc(issue["id"])}">{esc(issue["title"])}</a>'),
                *(float(issue["point"][m]) for m in data["models"]),
                f"{eum['quartiles'][0]:.0f}-{eum['quartiles'][1]:.0f}",
                f"{eum['interval_90'][0]:.0f}-{eum['interval_90'][1]:.0f}",
                where_on_scale(case.issue(issue["id"]), float(issue["point"]["eum"])),
            )
        )
    parts.append(
        table(
            [
                "issue",
                *(MODEL_NAMES[m] for m in data["models"]),
                "EUM IQR",
                "EUM 90%",
                "the EUM forecast on the issue's scale",
            ],
            overview_rows,
        )
    )
    anchors = figures.issue_anchors(case)
    for issue in data["issues"]:
        actors = issue["actors"]
        summaries = issue["monte_carlo"]["summaries"]
        bands = {
            MODEL_NAMES[m]: {
                "median": summaries[m]["median"],
                "p25": summaries[m]["quartiles"][0],
                "p75": summaries[m]["quartiles"][1],
                "p05": summaries[m]["interval_90"][0],
                "p95": summaries[m]["interval_90"][1],
                "point": issue["point"][m],
            }
            for m in data["models"]
        }
        eum = issue["eum"]
        moving = [bar for bar in issue["sensitivity"]["swings"] if abs(bar["swing"]) > 1e-9]
        swings = sorted(moving, key=lambda bar: -abs(bar["swing"]))[:10]
        bars = [
            {
                "label": input_label(bar["name"], names),
                "low": bar["output_at_low"],
                "high": bar["output_at_high"],
            }
            for bar in swings
        ]
        moved = sorted(
            zip(actors, eum["rounds"][0], eum["rounds"][-1], eum["moved"], strict=True),
            key=lambda row: -abs(row[3]),
        )
        winning = summaries["eum"]["winning_share"]
        move_rows = [
            (
                names.get(a, a),
                float(start),
                float(end),
                float(delta),
                float(winning[actors.index(a)]),
            )
            for a, start, end, delta in moved
        ]
        scale = anchors.get(issue["id"], [])
        band_chart = figures.forecast_bands(
            issue["title"], bands, issue["low"], issue["high"], scale
        )
        rounds_chart = figures.trajectories(
            issue["title"],
            eum["rounds"],
            [names.get(a, a) for a in actors],
            [colours.get(a, "#777") for a in actors],
            eum["round_forecasts"],
            scale,
        )
        tornado_chart = figures.tornado(issue["title"], bars, issue["point"]["eum"], scale)
        parts.append(
            f'<h3 id="issue-{esc(issue["id"])}">{esc(issue["title"])}</h3>'
            + scale_note(case, case.issue(issue["id"]))
            + f'<div class="grid2"><div>{page.figure(band_chart, issue["id"] + "-forecast")}</div>'
            f"<div>{page.figure(tornado_chart, issue['id'] + '-tornado')}</div></div>"
            f"{page.figure(rounds_chart, issue['id'] + '-rounds')}"
            "<div><b>Who moves</b> (expected-utility rounds) and how often each actor ends on "
            "the winning side across the Monte Carlo runs"
            + table(["actor", "start", "end", "moved", "share of runs winning"], move_rows)
            + "</div>"
            + _sobol_table(issue["sensitivity"]["sobol"], names)
        )
    return "".join(parts)


def _own_record(backtest: Mapping[str, Any] | None) -> str:
    """The case's own recorded outcomes, added to the track record when there are any."""
    summary = (backtest or {}).get("summary") or {}
    if not summary.get("issues"):
        return ""
    count = summary["issues"]
    errors = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {error:.1f}"
        for model, error in sorted(summary["mean_absolute_error"].items(), key=lambda x: x[1])
    )
    covered = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {round(share * count)} of {count}"
        for model, share in summary.get("in_calibrated_90", {}).items()
    )
    return (
        f"<p>This case's own record: {count} recorded outcome{'s' if count != 1 else ''} "
        f"on its issues. Mean absolute error by model: {esc(errors)}. Calibrated 90% "
        f"intervals that held the outcome: {esc(covered)}. See What happened next.</p>"
    )


def _track_record_part(data: Mapping[str, Any], results_backtest: Any = None) -> str:
    """Which model to believe, how far each has missed on real cases, and where they disagree."""
    record = data["track_record"]
    best = record["models"][record["best"]]
    record_rows = [
        (
            MODEL_NAMES.get(name, name),
            entry["rank"],
            f"{entry['mae'][0]:.1f} ({entry['mae'][1]:.1f}-{entry['mae'][2]:.1f})",
            f"±{entry['half_width_90']:.0f}",
            f"{100 * entry['coverage_90']:.0f}%",
            entry["note"],
        )
        for name, entry in record["models"].items()
    ]
    present = {row["model"] for issue in data["issues"] for row in issue["calibrated"]["models"]}
    order = [name for name in record["models"] if name in present]
    issue_rows = []
    for issue in data["issues"]:
        calibrated = issue["calibrated"]
        by_model = {row["model"]: row for row in calibrated["models"]}
        cells = [
            f"{row['forecast']:.0f} [{row['interval_90'][0]:.0f}-{row['interval_90'][1]:.0f}]"
            if (row := by_model.get(model))
            else "no reference point"
            for model in order
        ]
        verdict = (
            f"models disagree by {calibrated['spread']:.0f} points, more than the best "
            "model's typical error"
            if calibrated["disagree"]
            else "within the best model's typical error of each other"
        )
        issue_rows.append((issue["title"], *cells, verdict))
    return (
        '<h3 id="track-record">Which forecast to trust</h3>'
        f"<p>Each model was scored on {record['records']} decided issues of the "
        f"{esc(record['data'])} data ({esc(record['design'])}, capability "
        f"{esc(record['capability'])}; {esc(record['citation'])}). "
        f"The best, <b>{esc(MODEL_NAMES.get(record['best'], record['best']))}</b>, missed "
        f"the outcome by {best['mae'][0]:.1f} points on average (95% CI {best['mae'][1]:.1f}-"
        f"{best['mae'][2]:.1f}). Brackets give each forecast's calibrated 90% interval: in "
        "cross-validation such intervals held the real outcome about 90% of the time. "
        f"These figures were {esc(record['caveat'])}.</p>"
        + table(
            [
                "model",
                "rank",
                "validated MAE (95% CI)",
                "90% interval",
                "held-out coverage",
                "note",
            ],
            record_rows,
            numeric=False,
        )
        + table(
            ["issue", *(MODEL_NAMES.get(m, m) for m in order), "agreement"],
            issue_rows,
            numeric=False,
        )
        + _own_record(results_backtest)
        + '<p class="note">The Monte Carlo bands further down are something else: how much '
        "each forecast moves when the judged inputs vary within their stated uncertainty "
        "(sensitivity to the judgments), not how far the model tends to miss. Only "
        f"{esc(MODEL_NAMES['nash-reference'])} uses an issue's reference point (status quo); "
        "the other models ignore it.</p>"
    )


def _grounds(case: Case, judgment: Any) -> str:
    if judgment.assumption is not None:
        return f"assumption: {judgment.assumption}"
    claims = []
    for ref in judgment.evidence:
        item = case.evidence_item(ref)
        claims.append(f"{item.claim} [{item.source} ¶{item.paragraph}, {ref}]")
    return " ".join(claims)


def scenarios_section(case: Case, results: RunResults, page: Page) -> str:
    data = required(results.scenarios, "scenarios")
    if not data["descriptors"]:
        return '<p class="note">The case defines no scenario descriptors.</p>'
    descriptors = data["descriptors"]
    variant_name = {(d["id"], v["id"]): v["name"] for d in descriptors for v in d["variants"]}
    order = {(d["id"], v["id"]): k for d in descriptors for k, v in enumerate(d["variants"])}
    consistent = sorted(
        data["consistent"],
        key=lambda s: (-s.get("probability", 0.0), -s["ensemble_share"], -s["total_impact_score"]),
    )
    labels = [f"S{k + 1}" for k in range(len(consistent))]
    likelihood = data.get("likelihood")
    parts = [
        f"<p>Cross-Impact Balance analysis (Weimer-Jehle 2006) of {len(descriptors)} "
        f"descriptors: {data['space_size']:,} possible scenarios, of which "
        f"<b>{len(consistent)}</b> are consistent at tolerance {data['tolerance']:g} (the "
        f"exact set, found by {esc(data['method'])}). Two measures, not to be confused. "
        f"<b>Robustness</b> is the share of {data['ensemble']['n_runs']} matrices drawn around "
        "the judgments (each with its stated uncertainty, else a standard deviation of "
        f"{data['ensemble']['default_sd']:g}) in which the scenario stays consistent; near-copies "
        "of one world are each robust, so robustness is not a probability.</p>"
    ]
    if likelihood:
        how = (
            f"{likelihood['n_starts_per_member']:,} random starts per matrix"
            if likelihood["sampled"]
            else "every scenario as a start"
        )
        parts.append(
            "<p><b>Probability</b> is the basin likelihood: the share of starting scenarios "
            "that global succession carries to the scenario, averaged over the same "
            f"{likelihood['n_members']} matrices ({how}; Monte Carlo standard error at most "
            f"{likelihood['largest_standard_error']:.3f}). Near-copies compete for the same "
            "starts, so they share one chance instead of adding up. The probabilities of all "
            f"{likelihood['n_attractors']} attractors, cycles and scenarios consistent only in "
            "some drawn matrices included, add up to 1; the consistent scenarios below hold "
            f"{sum(s.get('probability', 0.0) for s in consistent):.0%} of it.</p>"
        )
    if consistent:
        grid = [
            [float(order[(d["id"], s["variants"][d["id"]])]) for d in descriptors]
            for s in consistent
        ]
        text = [[figures.wrap(variant_name[(d["id"], s["variants"][d["id"]])], 14)
                 for d in descriptors] for s in consistent]  # fmt: skip
        heat = figures.heatmap(
            "Consistent scenarios (rows): the variant each holds for every descriptor",
            labels, [figures.wrap(d["name"], 16) for d in descriptors], grid, text,
            colourscale="Teal",
        )  # fmt: skip
        heat.update_traces(textfont={"size": 9})
        heat.update_xaxes(tickangle=0, tickfont={"size": 10})
        heat.update_layout(height=260 + 44 * len(consistent), margin={"t": 130})
        parts.append(page.figure(heat, "consistent-scenarios"))
        rows = [
            (
                label,
                "; ".join(variant_name[(d["id"], s["variants"][d["id"]])] for d in descriptors),
                float(s["total_impact_score"]),
                float(s["probability"]) if "probability" in s else "not computed",
                float(s["ensemble_share"]),
                int(s["basin"]),
            )
            for label, s in zip(labels, consistent, strict=True)
        ]
        headers = ["", "scenario in words", "total impact score", "probability", "robustness"]
        parts.append(table([*headers, "basin (judged matrix)"], rows))
    succession = data["succession"]
    attractors = succession["attractors"][:15]
    names = []
    for a in attractors:
        first = a["scenarios"][0]
        match = next(
            (label for label, s in zip(labels, consistent, strict=True) if s["variants"] == first),
            None,
        )
        names.append(("cycle of " + str(len(a["scenarios"]))) if a["is_cycle"] else (match or "?"))
    basin_chart = figures.bars(
        "Where global succession leads on the judged matrix: share of starting scenarios",
        names, [a["share"] for a in attractors], "share of starts",
    )  # fmt: skip
    robust_chart = figures.bars(
        "Robustness: share of sampled matrices in which each is consistent",
        labels[:15], [s["ensemble_share"] for s in consistent[:15]], "share of matrices",
    )  # fmt: skip
    completeness = (
        "every scenario was a start"
        if succession["complete"]
        else f"{succession['n_starts']:,} random starts: a sample, possibly incomplete"
    )
    parts.append(
        f'<div class="grid2"><div>{page.figure(basin_chart, "succession-basins")}'
        '<p class="note">Succession '
        f"({esc(succession['rule'])}): {completeness}.</p></div>"
        f"<div>{page.figure(robust_chart, 'robustness')}</div></div>"
    )
    diverse = [
        next(label for label, s in zip(labels, consistent, strict=True) if s["indices"] == z)
        for z in data["diverse"]
    ]
    if diverse:
        parts.append(
            f"<p><b>Most different consistent scenarios</b> for a short list: "
            f"{', '.join(diverse)}.</p>"
        )
    for intervention in data.get("interventions", []):
        fixed = ", ".join(f"{variant_name[(d, v)]}" for d, v in intervention["fix"].items())
        fixed_rows = [
            ("; ".join(variant_name[(d["id"], s["variants"][d["id"]])] for d in descriptors),
             float(s["total_impact_score"]))
            for s in intervention["consistent"]
        ]  # fmt: skip
        parts.append(
            f"<h3>Intervention: {esc(intervention['title'])}</h3><p>Fixing {esc(fixed)} "
            f"leaves {len(fixed_rows)} consistent scenario(s).</p>"
            + table(["scenario in words", "total impact score"], fixed_rows)
        )
    return "".join(parts)


def triangulation_section(case: Case, results: RunResults, page: Page) -> str:
    statements = results.triangulation or []
    if not statements:
        return (
            '<p class="note">The case declares no links between its issues, scenario '
            "descriptors and game outcomes, so the engines cannot be compared here (see "
            "<code>issue</code>, <code>scale</code> and <code>implies</code> in the case "
            "format).</p>"
        )
    marks = {"agree": "ok", "disagree": "bad"}
    rows = [
        (
            Raw(f'<span class="{marks.get(s["verdict"], "")}">{esc(s["verdict"])}</span>'),
            s["text"],
        )
        for s in statements
    ]
    agree = sum(1 for s in statements if s["verdict"] == "agree")
    disagree = sum(1 for s in statements if s["verdict"] == "disagree")
    return (
        f"<p>{agree} comparisons agree and {disagree} disagree. A disagreement is a finding, "
        "not an error: it marks a judgment worth revisiting or a future the bargaining "
        "alone would not reach.</p>" + table(["verdict", "statement"], rows, numeric=False)
    )


def judged_name(case: Case, judged: Any) -> str:
    """A judged input in the report's words, by its place in the case: actors, issues,
    descriptors, variants and players by name (the case file's ids are for the file)."""
    path = judged.path
    actor = {a.id: a.name for a in case.actors}
    if path[0] == "actors":
        return f"capability of {case.actors[path[1]].name}"
    if path[0] == "issues":
        issue = case.issues[path[1]]
        if path[2] == "reference":
            return f"{issue.title}: reference point (status quo)"
        entry = issue.positions[path[3]]
        return f"{issue.title}: {path[4]} of {actor.get(entry.actor, entry.actor)}"
    if path[0] == "scenarios":
        names = {
            f"{d.id}.{v.id}": f"{d.name}: {v.name}"
            for d in case.scenarios.descriptors
            for v in d.variants
        }
        impact = case.scenarios.impacts[path[2]]
        return (
            f"impact of “{names.get(impact.source, impact.source)}” on "
            f"“{names.get(impact.target, impact.target)}”"
        )
    if path[0] == "games":
        game = case.games[path[1]]
        if path[2] == "nodes":
            move = game.nodes[path[3]].moves[path[5]]
            return f"{game.title}: chance of {move.name or move.id}"
        player = actor.get(str(path[5]), str(path[5]))
        if path[2] == "outcomes":
            return f"{game.title}: payoff to {player} at {game.outcomes[path[3]].id}"
        cell = game.cells[path[3]]
        return f"{game.title}: payoff to {player} at {game.profile_id(cell.profile)}"
    return str(judged.label)


def evidence_section(case: Case, results: RunResults, page: Page) -> str:
    check = results.evidence
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
    inputs = [
        (
            judged_name(case, judged),
            f"{judged.judgment.value:g}",
            _grounds(case, judged.judgment),
        )
        for judged in iter_judgments(case)
    ]
    assumptions = [
        (judged_name(case, judged), f"{judged.judgment.value:g}", judged.judgment.assumption or "")
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
        + f"<details><summary><b>Every judged input: {len(inputs)}</b>, with its source "
        "paragraph and our claim</summary>"
        + table(["input", "value", "grounds"], inputs, numeric=False)
        + "</details>"
        + f"<details><summary><b>Assumptions: {len(assumptions)} inputs</b> with their reasons"
        + "</summary>"
        + table(["input", "value", "reason"], assumptions, numeric=False)
        + "</details>"
    )


def _outcome_source(case: Case, source_id: str) -> str:
    try:
        source = case.source(source_id)
    except KeyError:
        return source_id
    return f"{source.author}, {source.title} ({source.publisher}, {source.date.isoformat()})"


def _backtest_summary(summary: Mapping[str, Any]) -> str:
    """Per-model mean error and interval coverage on issues; Brier against uniform on
    descriptors and games."""
    parts = []
    count = summary.get("issues", 0)
    if count:
        calibrated = summary.get("in_calibrated_90", {})
        rows = [
            (
                MODEL_NAMES.get(model, model),
                f"{error:.1f}",
                f"{round(calibrated[model] * count)} of {count}" if model in calibrated else "-",
            )
            for model, error in sorted(summary["mean_absolute_error"].items(),
                                       key=lambda item: item[1])
        ]  # fmt: skip
        parts.append(
            f"<h3>Summary over {count} issue outcome{'s' if count != 1 else ''}</h3>"
            + table(["model", "mean absolute error (0-100)",
                     "outcome inside its calibrated 90% interval"], rows, numeric=False)
            + f"<p>The expected-utility Monte Carlo 90% band held "
            f"{round(summary['in_band_90'] * count)} of {count} outcomes and its interquartile "
            f"range {round(summary['in_quartiles'] * count)} (a band that reflects the judged "
            "inputs' uncertainty, not the model's typical miss).</p>"
        )  # fmt: skip
    brier_rows = []
    for kind, label in (("descriptor", "scenario descriptors"), ("game", "games")):
        if f"{kind}_brier" in summary:
            skill = summary.get(f"{kind}_brier_skill")
            brier_rows.append(
                (
                    label,
                    f"{summary[f'{kind}_brier']:.3f}",
                    f"{summary[f'{kind}_uniform_brier']:.3f}",
                    "-" if skill is None else f"{skill:+.2f}",
                    f"{summary[f'{kind}_hits']:.0%}",
                )
            )
    if brier_rows:
        parts.append(
            "<h3>Summary over scenario and game outcomes</h3>"
            + table(["of", "mean Brier (0 best, 2 worst)", "uniform forecast's Brier",
                     "skill against uniform (1 perfect, 0 no better, below 0 worse)",
                     "most likely category happened"], brier_rows, numeric=False)
        )  # fmt: skip
    return "".join(parts)


def _category_names(case: Case, results: RunResults, score: Mapping[str, Any]) -> tuple[
    str, str]:  # fmt: skip
    """What a scored category outcome is about and what happened, in words."""
    if score["kind"] == "descriptor":
        for descriptor in case.scenarios.descriptors:
            if descriptor.id == score["subject"]:
                variant = {v.id: v.name for v in descriptor.variants}
                return descriptor.name, variant.get(score["observed"], score["observed"])
        return score["subject"], score["observed"]
    entry = None if results.games is None else results.games.game(score["subject"])
    labels: dict[str, str] = {} if entry is None else entry.outcome_labels
    try:
        game = case.game(score["subject"])
    except KeyError:
        return score["subject"], labels.get(score["observed"], score["observed"])
    named = {game.profile_id(cell.profile): cell.id for cell in game.cells if cell.id}
    observed = labels.get(score["observed"], score["observed"])
    if score["observed"] in named:
        observed = f"{named[score['observed']]} ({observed})"
    return game.title, observed


def backtest_section(case: Case, results: RunResults, page: Page) -> str:
    data = required(results.backtest, "backtest")
    outcomes = {outcome.id: outcome for outcome in case.outcomes}
    parts = [
        f"<p>The forecasts above were made from what was known on {esc(data['as_of'])}. "
        f"The case records {len(case.outcomes)} later outcome(s); each is scored here against "
        "the forecast (see docs/backtest.md).</p>",
        _backtest_summary(data["summary"]),
    ]
    if data["issues"]:
        chart = figures.forecast_vs_outcome(
            [
                (
                    score["title"],
                    {MODEL_NAMES.get(m, m): score["forecasts"][m] for m in score["forecasts"]},
                    float(score["observed"]),
                    _band(results, score["issue"]),
                    figures.issue_anchors(case).get(score["issue"], []),
                )
                for score in data["issues"]
            ]
        )
        parts.append(page.figure(chart, "forecast-vs-outcome"))
        rows = [
            (
                score["title"], score["date"], f"{score['observed']:g}",
                where_on_scale(case.issue(score["issue"]), float(score["observed"]))
                if score["issue"] in {issue.id for issue in case.issues} else "",
                *(f"{score['forecasts'][m]:.0f} ({score['errors'][m]:.0f})"
                  for m in ("eum", "mean", "median", "nash")),
                "yes" if score["in_band_90"] else "no",
            )
            for score in data["issues"]
        ]  # fmt: skip
        parts.append(
            "<h3>Issues: forecast (absolute error on 0-100)</h3>"
            + table(
                [
                    "issue",
                    "date",
                    "happened",
                    "on the issue's scale",
                    "EUM",
                    "mean",
                    "median",
                    "Nash",
                    "in EUM 90% band",
                ],
                rows,
            )
        )
    if data["categories"]:
        rows = []
        for score in data["categories"]:
            subject, observed = _category_names(case, results, score)
            rows.append(
                (
                    f"{'scenario descriptor' if score['kind'] == 'descriptor' else 'game'}: "
                    f"{subject}",
                    score["date"], observed,
                    f"{score['probabilities'].get(score['observed'], 0.0):.0%}",
                    ", ".join(score["top"]), f"{score['brier']:.3f}",
                    f"{score['uniform_brier']:.3f}",
                )
            )  # fmt: skip
        parts.append(
            "<h3>Scenarios and games: Brier score (0 best, 2 worst)</h3>"
            + table(
                [
                    "of",
                    "date",
                    "happened",
                    "its probability",
                    "most likely",
                    "Brier",
                    "uniform forecast",
                ],
                rows,
            )
        )
    if data["calibration"]:
        parts.append(page.figure(figures.calibration(data["calibration"]), "calibration"))
        rows = [
            (
                f"{row['low']:.1f}-{row['high']:.1f}", f"{row['count']:.0f}",
                f"{row['mean_forecast']:.2f}", f"{row['observed_frequency']:.2f}",
            )
            for row in data["calibration"]
        ]  # fmt: skip
        parts.append(
            "<h3>Calibration</h3>"
            + table(["forecast", "count", "mean forecast", "how often it happened"], rows)
        )
    scored = [*data["issues"], *data["categories"]]
    what = [
        (
            score["outcome"],
            score["date"],
            score.get("description") or getattr(outcomes.get(score["outcome"]), "description", ""),
            _outcome_source(case, score.get("source") or getattr(
                outcomes.get(score["outcome"]), "source", "")),
        )
        for score in scored
    ]  # fmt: skip
    if what:
        parts.append(
            "<h3>What happened, and where it is recorded</h3>"
            + table(["outcome", "date", "what happened", "source"], what, numeric=False)
        )
    for item in data["unscored"]:
        parts.append(f"<p class='note'>Not scored: {esc(item['outcome'])}: {esc(item['why'])}</p>")
    return "".join(parts)


def _band(results: RunResults, issue_id: str) -> tuple[float, float] | None:
    """The expected-utility Monte Carlo 90% band of an issue, when the run has one."""
    for issue in (results.bargaining or {}).get("issues", []):
        if issue["id"] == issue_id:
            low, high = issue["monte_carlo"]["summaries"]["eum"]["interval_90"]
            return float(low), float(high)
    return None


def reproducibility_section(case: Case, results: RunResults, page: Page) -> str:
    meta = results.meta
    rows = [
        ("case", meta.case),
        ("case file sha256", meta.case_sha256),
        ("realpolitik version", meta.version),
        ("seed", meta.seed),
        ("Monte Carlo runs", meta.n_runs),
    ]
    return (
        table(["", "value"], rows, numeric=False)
        + "<p>This command rebuilds this report and a byte-identical results.json:</p>"
        + f"<pre>{esc(meta.command)}</pre>"
    )


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
    from realpolitik.report.games_section import games_section  # imports this module
    from realpolitik.report.leverage_section import leverage_section  # imports this module

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
