"""Plotly figures of a case and its results. Each function returns a figure, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from realpolitik.case import Case
from realpolitik.case import Game as CaseGame

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
        height=height + 20 * title.count("<br>"),
        margin={"l": 10, "r": 10, "t": 40 + 20 * title.count("<br>"), "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, automargin=True)
    return fig


def _title(main: str, subtitle: str, width: int = 55) -> str:
    """A chart title that wraps a long issue title and adds a smaller subtitle line."""
    lines: list[str] = []
    for word in main.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines) + f"<br><sup>{subtitle}</sup>"


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
    fig.update_xaxes(range=[-2, 102], title="position on the issue's 0-100 scale")
    _layout(fig, _title(issue_title, "forecast by model"), height=170 + 45 * len(models))
    fig.update_layout(legend={"y": -0.45})
    return fig


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
    _layout(fig, _title(issue_title, "expected-utility rounds: every actor's position", width=110))
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1.0, "font": {"size": 11}})
    return fig


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
    return _layout(
        fig,
        _title(issue_title, "what moves the EUM forecast, one input at a time"),
        height=150 + 28 * len(rows),
    )


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


def game_tree(
    game: CaseGame, choices: Mapping[str, Mapping[str, float]], player_names: Mapping[str, str]
) -> go.Figure:
    """An extensive-form game as a tree; the equilibrium path is drawn thick and red, other
    moves of the equilibrium plan dashed, moves never chosen in grey."""
    nodes = {node.id: node for node in game.nodes}
    outcomes = {outcome.id: outcome for outcome in game.outcomes}
    x: dict[str, float] = {}
    depth: dict[str, int] = {}
    leaves = [0]

    def place(target: str, level: int) -> float:
        depth[target] = level
        if target in outcomes:
            x[target] = float(leaves[0])
            leaves[0] += 1
            return x[target]
        xs = [place(move.to, level + 1) for move in nodes[target].moves]
        x[target] = sum(xs) / len(xs)
        return x[target]

    root = game.root_id or game.nodes[0].id
    place(root, 0)
    on_path = {root}
    frontier = [root]
    while frontier:
        current = frontier.pop()
        if current not in nodes:
            continue
        node = nodes[current]
        point = node.infoset or node.id
        for move in node.moves:
            chosen = node.player == "chance" or choices.get(point, {}).get(move.id, 0.0) > 1e-9
            if chosen:
                on_path.add(move.to)
                frontier.append(move.to)
    fig = go.Figure()
    for node in game.nodes:
        point = node.infoset or node.id
        for move in node.moves:
            probability = choices.get(point, {}).get(move.id, 0.0)
            if node.id in on_path and move.to in on_path:
                style = {"color": "#d62728", "width": 4}
            elif probability > 1e-9:
                style = {"color": "#ff7f0e", "width": 2, "dash": "dash"}
            else:
                style = {"color": "#b0b0b0", "width": 1.5}
            fig.add_trace(
                go.Scatter(
                    x=[x[node.id], x[move.to]], y=[-depth[node.id], -depth[move.to]],
                    mode="lines", line=style, hoverinfo="skip", showlegend=False,
                )
            )  # fmt: skip
            label = move.name or move.id
            if len(label) > 28:
                label = label[:26] + "…"
            fig.add_annotation(
                x=(x[node.id] + x[move.to]) / 2, y=-(depth[node.id] + depth[move.to]) / 2,
                text=label, showarrow=False, font={"size": 10, "color": "#333"},
                bgcolor="rgba(255,255,255,0.85)",
            )  # fmt: skip
    decision = list(game.nodes)
    fig.add_trace(
        go.Scatter(
            x=[x[n.id] for n in decision], y=[-depth[n.id] for n in decision],
            mode="markers+text", marker={"size": 16, "color": "#14213d"},
            text=[player_names.get(n.player, n.player) for n in decision],
            textposition="top center", hovertext=[n.id for n in decision],
            hoverinfo="text", showlegend=False,
        )
    )  # fmt: skip
    ends = list(outcomes.values())
    fig.add_trace(
        go.Scatter(
            x=[x[o.id] for o in ends], y=[-depth[o.id] for o in ends],
            mode="markers+text",
            marker={"size": 12, "symbol": "square",
                    "color": ["#d62728" if o.id in on_path else "#9e9e9e" for o in ends]},
            text=[o.id + "<br>" + ", ".join(f"{player_names.get(p, p)} {v.value:g}"
                                            for p, v in o.payoffs.items()) for o in ends],
            textposition="bottom center", hovertext=[o.description for o in ends],
            hoverinfo="text", showlegend=False, textfont={"size": 10},
        )
    )  # fmt: skip
    fig.update_xaxes(visible=False, range=[-0.8, max(leaves[0] - 0.2, 0.8)])
    fig.update_yaxes(visible=False, range=[-max(depth.values()) - 0.9, 0.5])
    return _layout(
        fig,
        f"{game.title}: the tree (red: equilibrium path)",
        height=180 + 110 * max(depth.values()),
    )


def game_table(
    game: CaseGame, pure_equilibria: Sequence[Mapping[str, str]], player_names: Mapping[str, str]
) -> go.Figure:
    """A two-player normal-form game as a grid of payoffs; pure equilibria are shaded."""
    row_player, column_player = game.players[0], game.players[1]
    rows, columns = game.strategies[row_player], game.strategies[column_player]
    marked = {(e[row_player], e[column_player]) for e in pure_equilibria}
    z, text = [], []
    for r in rows:
        z_row, text_row = [], []
        for c in columns:
            cell = next(
                cell for cell in game.cells
                if cell.profile[row_player] == r and cell.profile[column_player] == c
            )  # fmt: skip
            z_row.append(1.0 if (r, c) in marked else 0.0)
            text_row.append(
                f"{cell.payoffs[row_player].value:g} , {cell.payoffs[column_player].value:g}"
                + (" ★" if (r, c) in marked else "")
            )
        z.append(z_row)
        text.append(text_row)
    fig = heatmap(
        f"{game.title}: payoffs ({player_names.get(row_player, row_player)}, "
        f"{player_names.get(column_player, column_player)}); ★ pure equilibrium",
        rows, columns, z, text, colourscale="Reds",
    )  # fmt: skip
    fig.update_traces(zmin=0, zmax=2.5)
    fig.update_yaxes(title=player_names.get(row_player, row_player))
    fig.update_xaxes(title=player_names.get(column_player, column_player))
    return fig
