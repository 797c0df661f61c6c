"""Plotly figures of a case and its results. Each function returns a figure, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from realpolitik.case import Case

FONT = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
)


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.0, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True)
    return fig


def actor_colours(case: Case) -> dict[str, str]:
    return {actor.id: PALETTE[i % len(PALETTE)] for i, actor in enumerate(case.actors)}


def capabilities(case: Case) -> go.Figure:
    """Actors by capability, with the stated uncertainty as error bars."""
    actors = sorted(case.actors, key=lambda a: a.capability.value)
    errors = []
    for actor in actors:
        judged = actor.capability
        if judged.sd is not None:
            errors.append((judged.sd, judged.sd))
        elif judged.range is not None:
            errors.append((judged.value - judged.range[0], judged.range[1] - judged.value))
        else:
            errors.append((0.0, 0.0))
    fig = go.Figure(
        go.Bar(
            x=[a.capability.value for a in actors],
            y=[a.name for a in actors],
            orientation="h",
            marker_color=["#b0b0b0" if a.capability.is_assumption else "#1f77b4" for a in actors],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [e[1] for e in errors],
                "arrayminus": [e[0] for e in errors],
                "color": "#444",
            },
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 105], title="capability (0-100; grey = assumption)")
    return _layout(fig, "Actors by capability", height=80 + 32 * len(actors))


def positions(case: Case) -> go.Figure:
    """Every actor's position on every issue; marker size shows salience."""
    colours = actor_colours(case)
    fig = go.Figure()
    names = {actor.id: actor.name for actor in case.actors}
    for actor in case.actors:
        xs, ys, sizes, texts = [], [], [], []
        for issue in case.issues:
            for entry in issue.positions:
                if entry.actor == actor.id:
                    xs.append(entry.position.value)
                    ys.append(issue.title)
                    sizes.append(6 + entry.salience.value / 4)
                    texts.append(
                        f"{names[actor.id]}<br>{issue.title}<br>position "
                        f"{entry.position.value:g}, salience {entry.salience.value:g}"
                    )
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="markers",
                    name=names[actor.id],
                    marker={
                        "size": sizes,
                        "color": colours[actor.id],
                        "opacity": 0.75,
                        "line": {"width": 1, "color": "white"},
                    },
                    text=texts,
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    fig.update_xaxes(range=[-5, 105], title="position (0-100; see each issue's scale)")
    return _layout(
        fig, "Positions on each issue (marker size = salience)", height=160 + 55 * len(case.issues)
    )


def forecast_bands(
    issue_title: str, summaries: Mapping[str, Mapping[str, Any]], low: str, high: str
) -> go.Figure:
    """Each model's forecast for one issue: median, interquartile range and 90% interval."""
    fig = go.Figure()
    models = list(summaries)
    for row, model in enumerate(models):
        s = summaries[model]
        fig.add_trace(
            go.Scatter(
                x=[s["p05"], s["p95"]],
                y=[model, model],
                mode="lines",
                line={"color": "#9ecae1", "width": 6},
                showlegend=row == 0,
                name="90% interval",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[s["p25"], s["p75"]],
                y=[model, model],
                mode="lines",
                line={"color": "#3182bd", "width": 12},
                showlegend=row == 0,
                name="interquartile",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[s["median"]],
                y=[model],
                mode="markers",
                marker={"color": "#08306b", "size": 12, "symbol": "diamond"},
                showlegend=row == 0,
                name="median",
                hovertemplate=f"{model}: median %{{x:.1f}}<extra></extra>",
            )
        )
        if "point" in s:
            fig.add_trace(
                go.Scatter(
                    x=[s["point"]],
                    y=[model],
                    mode="markers",
                    marker={"color": "#e6550d", "size": 10, "symbol": "x"},
                    showlegend=row == 0,
                    name="point forecast",
                    hovertemplate=f"{model}: %{{x:.1f}} with the stated inputs<extra></extra>",
                )
            )
    fig.update_xaxes(range=[-2, 102], title=f"0 = {low}  |  100 = {high}")
    return _layout(fig, f"{issue_title}: forecast by model", height=140 + 45 * len(models))


def trajectories(
    issue_title: str,
    rounds: Sequence[Sequence[float]],
    actor_names: Sequence[str],
    colours: Sequence[str],
    round_forecasts: Sequence[float],
) -> go.Figure:
    """Positions of every actor round by round, with the forecast of each round."""
    fig = go.Figure()
    steps = list(range(len(rounds)))
    for i, name in enumerate(actor_names):
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=[r[i] for r in rounds],
                mode="lines+markers",
                name=name,
                line={"color": colours[i], "width": 1.5},
                marker={"size": 5},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=steps,
            y=list(round_forecasts),
            mode="lines",
            name="forecast (weighted median)",
            line={"color": "black", "width": 3, "dash": "dash"},
        )
    )
    fig.update_xaxes(title="round", dtick=1)
    fig.update_yaxes(range=[-3, 103], title="position")
    return _layout(fig, f"{issue_title}: expected-utility rounds")


def tornado(issue_title: str, swings: Sequence[Mapping[str, Any]], base: float) -> go.Figure:
    """One-at-a-time swings: the forecast when each input sits at its low and high value."""
    rows = list(swings)[::-1]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[r["label"] for r in rows],
            x=[r["low"] - base for r in rows],
            base=base,
            orientation="h",
            name="input at its low value",
            marker_color="#6baed6",
        )
    )
    fig.add_trace(
        go.Bar(
            y=[r["label"] for r in rows],
            x=[r["high"] - base for r in rows],
            base=base,
            orientation="h",
            name="input at its high value",
            marker_color="#fd8d3c",
        )
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="forecast")
    return _layout(fig, f"{issue_title}: what moves the forecast", height=120 + 28 * len(rows))


def heatmap(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float]],
    text: Sequence[Sequence[str]] | None = None,
    colourscale: str = "Blues",
) -> go.Figure:
    fig = go.Figure(
        go.Heatmap(
            z=[list(v) for v in values],
            x=list(columns),
            y=list(rows),
            colorscale=colourscale,
            text=[list(t) for t in text] if text is not None else None,
            texttemplate="%{text}" if text is not None else None,
            hoverongaps=False,
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, title, height=140 + 26 * len(rows))


def bars(title: str, labels: Sequence[str], values: Sequence[float], axis: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=list(values), y=list(labels), orientation="h", marker_color="#3182bd"))
    fig.update_xaxes(title=axis)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=120 + 28 * len(labels))
