"""The HTML report: one self-contained page (plotly.js inlined, no network needed).

The page is built from the case and the typed results of a run (the same data that goes to
results.json), so a report can be rebuilt from a stored run. This module assembles the page
(:class:`Page`, :func:`default_sections`, :func:`build_report`) and holds the helpers the
sections share; each section lives in ``report/<name>_section.py`` with its template in
``report/templates``.
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
from pydantic import MISSING

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.pathways_section import pathways_section
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.backtest import Backtest

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


def _own_record(backtest: Backtest | None) -> str:
    """The case's own recorded outcomes, added to the track record when there are any."""
    summary = None if backtest is None else backtest.summary
    if summary is None or not summary.issues or summary.mean_absolute_error is MISSING:
        return ""
    count = summary.issues
    errors = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {error:.1f}"
        for model, error in sorted(summary.mean_absolute_error.items(), key=lambda x: x[1])
    )
    calibrated = {} if summary.in_calibrated_90 is MISSING else summary.in_calibrated_90
    covered = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {round(share * count)} of {count}"
        for model, share in calibrated.items()
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


def games_section(case: Case, results: RunResults, page: Page) -> str:
    from realpolitik.analysis.inputs import game_from_case
    from realpolitik.games.describe import chance_odds

    data = required(results.games, "games")
    names = {actor.id: actor.name for actor in case.actors}
    parts = [
        "<p>Each moment of choice is solved with Gambit: subgame-perfect equilibria for game "
        "trees, every Nash equilibrium (mixed ones included) for tables. The sweep redraws "
        f"every payoff {data['draws']} times from its stated uncertainty (ordinal ranks with "
        f"no stated uncertainty get a standard deviation of {data['rank_noise']}) and counts, "
        "for each outcome, its probability under the equilibria (averaged over the draws) "
        "and the share of draws in which an equilibrium can reach it at all. Where nature "
        "moves (a chance node), the branch is taken with its stated probability whatever the "
        "players do: an outcome behind it is reachable in most draws yet comes about only "
        "that often.</p>"
    ]
    for result in data["games"]:
        game = case.game(result["id"])
        equilibria = result["equilibria"]
        if game.form == "extensive":
            choices = equilibria[0]["choices"] if equilibria else {}
            chart = page.figure(figures.game_tree(game, choices, names), f"{game.id}-tree")
        elif len(game.players) == 2:
            pure = [
                {p: max(c, key=c.get) for p, c in eq["choices"].items()}
                for eq in equilibria
                if all(max(c.values()) > 1 - 1e-9 for c in eq["choices"].values())
            ]
            chart = page.figure(figures.game_table(game, pure, names), f"{game.id}-table")
        else:
            chart = Markup(f"<pre>{esc(result['text'])}</pre>")
        rows = []
        for number, eq in enumerate(equilibria, start=1):
            payoffs = ", ".join(
                f"{names.get(p, p)} {v:.3g}" for p, v in eq["expected_payoffs"].items()
            )
            rows.append((number, eq["path"], payoffs))
        sweep = result["sweep"]
        labels = result["outcome_labels"]
        chance = chance_odds(game_from_case(case, game))
        frequencies = sorted(sweep["frequencies"], key=lambda f: -f["mean_probability"])
        sweep_chart = figures.outcome_shares(
            f"{game.title}: how often each outcome comes about over {sweep['n_runs']} payoff draws",
            [
                labels.get(f["outcome"], f["outcome"])
                + (f" (after nature's move, chance {chance[f['outcome']]:.0%})"
                   if f["outcome"] in chance else "")
                for f in frequencies
            ],
            [f["mean_probability"] for f in frequencies],
            [f["on_path_share"] for f in frequencies],
        )  # fmt: skip
        flips = [
            (
                labels.get(t["outcome"], t["outcome"]),
                names.get(t["player"], t["player"]),
                float(t["value"]),
                ""
                if t["lower"] is None
                else f"below {t['lower']:g} -> " + ", ".join(t["lower_outcomes"]),
                ""
                if t["upper"] is None
                else f"above {t['upper']:g} -> " + ", ".join(t["upper_outcomes"]),
                "yes" if t["within_uncertainty"] else "no",
            )
            for t in sweep["thresholds"]
            if t["lower"] is not None or t["upper"] is not None
        ]
        reached = {
            o for eq in equilibria for o, p in eq["outcome_probabilities"].items() if p > 1e-9
        }
        grounds = []
        if game.form == "extensive":
            for outcome in game.outcomes:
                if outcome.id in reached:
                    for player, judgment in outcome.payoffs.items():
                        grounds.append(
                            (outcome.id, names.get(player, player), float(judgment.value),
                             _grounds(case, judgment))
                        )  # fmt: skip
        else:
            for cell in game.cells:
                key = " / ".join(cell.profile[p] for p in game.players)
                if key in reached:
                    for player, judgment in cell.payoffs.items():
                        grounds.append(
                            (key, names.get(player, player), float(judgment.value),
                             _grounds(case, judgment))
                        )  # fmt: skip
        notes = "".join(f'<p class="note">{esc(n)}</p>' for n in result["solution"]["notes"])
        parts.append(
            f'<h3 id="game-{esc(game.id)}">{esc(game.title)}</h3>'
            f'<p class="note">{esc(game.description)}</p>{chart}{notes}'
            f"<b>Equilibria ({esc(result['concept'])})</b>"
            + table(["#", "path of play", "expected payoffs"], rows)
            + page.figure(sweep_chart, f"{game.id}-sweep")
            + "<b>Which payoff judgments flip the answer</b> (one at a time, others fixed)"
            + table(
                ["outcome", "player", "judged", "lowered", "raised", "within uncertainty"],
                flips,
            )
            + "<details><summary><b>Why these payoffs</b> (outcomes on an "
            "equilibrium path)</summary>"
            + table(["outcome", "player", "payoff", "grounds"], grounds)
            + "</details>"
        )
    return "".join(parts)


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
    from realpolitik.report.evidence_section import evidence_section
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
