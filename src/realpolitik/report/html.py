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

    def figure(self, fig: go.Figure, what: str = "figure") -> str:
        stem = _SLUG.sub("-", f"{self.section}-{what}".lower()).strip("-") or "figure"
        taken = {name for name, _ in self.figures}
        name, repeat = stem, 1
        while name in taken:
            repeat += 1
            name = f"{stem}-{repeat}"
        self.figures.append((name, fig))
        self.sections[name] = self.section_title
        return str(
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


def _sobol_table(sobol: Mapping[str, Any], top: int = 6) -> str:
    """The inputs with the largest total-order Sobol indices (variance-based ranking)."""
    index = {name: k for k, name in enumerate(sobol["names"])}
    rows = [
        (
            name,
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


def bargaining_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    data = results["bargaining"]
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
        parts.append(_track_record_part(data, results.get("backtest")))
    overview_rows = []
    for issue in data["issues"]:
        summaries = issue["monte_carlo"]["summaries"]
        eum = summaries["eum"]
        overview_rows.append(
            (
                issue["title"],
                *(float(issue["point"][m]) for m in data["models"]),
                f"{eum['quartiles'][0]:.0f}-{eum['quartiles'][1]:.0f}",
                f"{eum['interval_90'][0]:.0f}-{eum['interval_90'][1]:.0f}",
            )
        )
    parts.append(
        table(
            ["issue", *(MODEL_NAMES[m] for m in data["models"]), "EUM IQR", "EUM 90%"],
            overview_rows,
        )
    )
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
            {"label": bar["name"], "low": bar["output_at_low"], "high": bar["output_at_high"]}
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
        band_chart = figures.forecast_bands(issue["title"], bands, issue["low"], issue["high"])
        rounds_chart = figures.trajectories(
            issue["title"],
            eum["rounds"],
            [names.get(a, a) for a in actors],
            [colours.get(a, "#777") for a in actors],
            eum["round_forecasts"],
        )
        tornado_chart = figures.tornado(issue["title"], bars, issue["point"]["eum"])
        parts.append(
            f'<h3 id="issue-{esc(issue["id"])}">{esc(issue["title"])}</h3>'
            f'<p class="note">0 = {esc(issue["low"])}; 100 = {esc(issue["high"])}</p>'
            f'<div class="grid2"><div>{page.figure(band_chart, issue["id"] + "-forecast")}</div>'
            f"<div>{page.figure(tornado_chart, issue['id'] + '-tornado')}</div></div>"
            f"{page.figure(rounds_chart, issue['id'] + '-rounds')}"
            "<div><b>Who moves</b> (expected-utility rounds) and how often each actor ends on "
            "the winning side across the Monte Carlo runs"
            + table(["actor", "start", "end", "moved", "share of runs winning"], move_rows)
            + "</div>"
            + _sobol_table(issue["sensitivity"]["sobol"])
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


def games_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    data = results["games"]
    names = {actor.id: actor.name for actor in case.actors}
    parts = [
        "<p>Each moment of choice is solved with Gambit: subgame-perfect equilibria for game "
        "trees, every Nash equilibrium (mixed ones included) for tables. The sweep redraws "
        f"every payoff {data['draws']} times from its stated uncertainty (ordinal ranks with "
        f"no stated uncertainty get a standard deviation of {data['rank_noise']}) and counts "
        "how often each outcome is on an equilibrium path.</p>"
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
            chart = f"<pre>{esc(result['text'])}</pre>"
        rows = []
        for number, eq in enumerate(equilibria, start=1):
            payoffs = ", ".join(
                f"{names.get(p, p)} {v:.3g}" for p, v in eq["expected_payoffs"].items()
            )
            rows.append((number, eq["path"], payoffs))
        sweep = result["sweep"]
        labels = result["outcome_labels"]
        frequencies = sorted(sweep["frequencies"], key=lambda f: -f["on_path_share"])
        sweep_chart = figures.bars(
            "Outcomes on an equilibrium path, share of draws",
            [labels.get(f["outcome"], f["outcome"])[:60] for f in frequencies],
            [f["on_path_share"] for f in frequencies],
            f"share of {sweep['n_runs']} payoff draws",
        )
        flips = [
            (
                labels.get(t["outcome"], t["outcome"])[:50],
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
            + f'<div class="grid2"><div>{page.figure(sweep_chart, f"{game.id}-sweep")}</div><div>'
            "<b>Which payoff judgments flip the answer</b> (one at a time, others fixed)"
            + table(
                ["outcome", "player", "judged", "lowered", "raised", "within uncertainty"],
                flips,
            )
            + "</div></div><details><summary><b>Why these payoffs</b> (outcomes on an "
            "equilibrium path)</summary>"
            + table(["outcome", "player", "payoff", "grounds"], grounds)
            + "</details>"
        )
    return "".join(parts)


def scenarios_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    data = results["scenarios"]
    if not data["descriptors"]:
        return '<p class="note">The case defines no scenario descriptors.</p>'
    descriptors = data["descriptors"]
    variant_name = {(d["id"], v["id"]): v["name"] for d in descriptors for v in d["variants"]}
    order = {(d["id"], v["id"]): k for d in descriptors for k, v in enumerate(d["variants"])}
    consistent = sorted(
        data["consistent"], key=lambda s: (-s["ensemble_share"], -s["total_impact_score"])
    )
    labels = [f"S{k + 1}" for k in range(len(consistent))]
    parts = [
        f"<p>Cross-Impact Balance analysis (Weimer-Jehle 2006) of {len(descriptors)} "
        f"descriptors: {data['space_size']:,} possible scenarios, of which "
        f"<b>{len(consistent)}</b> are consistent at tolerance {data['tolerance']:g} (the "
        f"exact set, found by {esc(data['method'])}). Robustness is the share of "
        f"{data['ensemble']['n_runs']} matrices drawn around the judgments (each with its "
        f"stated uncertainty, else a standard deviation of {data['ensemble']['default_sd']}) "
        "in which the scenario stays consistent.</p>"
    ]
    if consistent:
        grid = [
            [float(order[(d["id"], s["variants"][d["id"]])]) for d in descriptors]
            for s in consistent
        ]
        text = [[s["variants"][d["id"]] for d in descriptors] for s in consistent]
        heat = figures.heatmap(
            "Consistent scenarios (rows): the variant each holds for every descriptor",
            labels, [d["id"] for d in descriptors], grid, text, colourscale="Teal",
        )  # fmt: skip
        heat.update_traces(textfont={"size": 10})
        heat.update_xaxes(tickangle=-30)
        heat.update_layout(height=260 + 30 * len(consistent), margin={"t": 170})
        parts.append(page.figure(heat, "consistent-scenarios"))
        rows = [
            (
                label,
                "; ".join(variant_name[(d["id"], s["variants"][d["id"]])] for d in descriptors),
                float(s["total_impact_score"]),
                float(s["ensemble_share"]),
                int(s["basin"]),
            )
            for label, s in zip(labels, consistent, strict=True)
        ]
        parts.append(
            table(["", "scenario in words", "total impact score", "robustness", "basin"], rows)
        )
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
        "Where global succession leads: share of starting scenarios",
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


def triangulation_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    statements = results.get("triangulation") or []
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
    inputs = [
        (
            judged.label,
            f"{judged.judgment.value:g}",
            _grounds(case, judged.judgment),
        )
        for judged in iter_judgments(case)
    ]
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
        + f"<details><summary><b>Every judged input: {len(inputs)}</b>, with its source "
        "paragraph and our claim</summary>"
        + table(["input", "value", "grounds"], inputs, numeric=False)
        + "</details>"
        + f"<details><summary><b>Assumptions: {len(assumptions)} inputs</b> with their reasons"
        + "</summary>"
        + table(["input", "value", "reason"], assumptions, numeric=False)
        + "</details>"
    )


def backtest_section(case: Case, results: Mapping[str, Any], page: Page) -> str:
    data = results["backtest"]
    parts = [
        f"<p>The forecasts above were made from what was known on {esc(data['as_of'])}. "
        f"The case records {len(case.outcomes)} later outcome(s); each is scored here against "
        "the forecast (see docs/backtest.md).</p>"
    ]
    if data["issues"]:
        rows = [
            (
                score["title"], score["date"], f"{score['observed']:g}",
                *(f"{score['forecasts'][m]:.0f} ({score['errors'][m]:.0f})"
                  for m in ("eum", "mean", "median", "nash")),
                "yes" if score["in_band_90"] else "no",
            )
            for score in data["issues"]
        ]  # fmt: skip
        parts.append(
            "<h3>Issues: forecast (absolute error on 0-100)</h3>"
            + table(
                ["issue", "date", "happened", "EUM", "mean", "median", "Nash", "in 90% band"],
                rows,
            )
        )
    if data["categories"]:
        rows = [
            (
                f"{score['kind']} {score['subject']}", score["date"], score["observed"],
                f"{score['probabilities'].get(score['observed'], 0.0):.0%}",
                ", ".join(score["top"]), f"{score['brier']:.3f}",
                f"{score['uniform_brier']:.3f}",
            )
            for score in data["categories"]
        ]  # fmt: skip
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
    for item in data["unscored"]:
        parts.append(f"<p class='note'>Not scored: {esc(item['outcome'])}: {esc(item['why'])}</p>")
    return "".join(parts)


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


@dataclass(frozen=True)
class Report:
    """The page and the figures drawn on it (name, figure), in page order."""

    html: str
    figures: list[tuple[str, go.Figure]]
    sections: dict[str, str] = field(default_factory=dict)  # figure id -> section title


def render_report(
    case: Case,
    results: Mapping[str, Any],
    sections: Sequence[tuple[str, str, Renderer]] | None = None,
) -> str:
    """The whole report page as a string."""
    return build_report(case, results, sections).html


def build_report(
    case: Case,
    results: Mapping[str, Any],
    sections: Sequence[tuple[str, str, Renderer]] | None = None,
) -> Report:
    """The report page and its figures."""
    page = Page()
    chosen = sections if sections is not None else default_sections(results)
    parts = []
    nav = []
    for anchor, title, render in chosen:
        page.section, page.section_title = anchor, title
        body = render(case, results, page)
        nav.append(f'<a href="#{anchor}">{esc(title)}</a>')
        parts.append(f'<section id="{anchor}"><h2>{esc(title)}</h2>{body}</section>')
    meta = results["meta"]
    text = (
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
    return Report(text, page.figures, page.sections)


def default_sections(results: Mapping[str, Any] | None = None) -> list[tuple[str, str, Renderer]]:
    """The report's sections; the backtest appears when the results hold one (a case that
    records outcomes)."""
    backtest: list[tuple[str, str, Renderer]] = (
        [("backtest", "What happened next", backtest_section)]
        if results is not None and "backtest" in results
        else []
    )
    return [
        ("overview", "The case at a glance", overview_section),
        ("bargaining", "Bargaining forecasts", bargaining_section),
        ("scenarios", "Consistent futures", scenarios_section),
        ("games", "Moments of choice", games_section),
        ("triangulation", "Where the engines agree", triangulation_section),
        *backtest,
        ("evidence", "Evidence and assumptions", evidence_section),
        ("reproducibility", "Reproducibility", reproducibility_section),
    ]
