"""Plotly figures of a case and its results. Each function returns a figure, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from realpolitik.case import Case
from realpolitik.case import Game as CaseGame
from realpolitik.results.backtest import CalibrationBin
from realpolitik.results.bargaining import BargainingIssue
from realpolitik.results.games import Equilibrium, OutcomeFrequency
from realpolitik.results.scenarios import ConsistentScenario, ScenariosResults, Succession
from realpolitik.uncertainty.sensitivity import Swing

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
        # The title stands on the plot area and pushes the top margin up as far as it needs
        # (automargin): a title of several lines is never cut off at the top. (Anchored to the
        # top of the figure instead, plotly.js sets a title of several lines too high.)
        title={
            "text": title,
            "x": 0.0,
            "font": {"size": 15},
            "yref": "paper",
            "y": 1.0,
            "yanchor": "bottom",
            "pad": {"b": 16},  # clear of a tick label at the top of the y axis
            "automargin": True,
        },
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


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of about ``width`` characters at spaces (never cut short):
    plotly does not wrap text itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


#: An anchor of an issue's scale as the charts take it: where it lies and what it means.
Anchor = tuple[float, str]

ANCHOR_COLOUR = "#7a5c00"


def _anchor_levels(anchors: Sequence[Anchor], gap: float) -> list[int]:
    """A label row for each anchor (in the given order, sorted by position) so that labels of
    anchors closer than ``gap`` on the scale stand in different rows."""
    levels: list[int] = []
    last_at: dict[int, float] = {}
    for at, _ in anchors:
        level = 0
        while level in last_at and at - last_at[level] < gap:
            level += 1
        last_at[level] = at
        levels.append(level)
    return levels


def anchor_lines(fig: go.Figure, anchors: Sequence[Anchor], axis: str = "x") -> int:
    """Draw each anchor of the scale as a dotted reference line across the plot, labelled
    above the plot (``axis`` "x": the scale runs across) or at the plot's left edge (``axis``
    "y": the scale runs up). Returns the extra top margin, in pixels, the labels need."""
    ordered = sorted(anchors)
    width = 18 if axis == "x" else 60
    labels = [f"<b>{at:g}</b> {wrap(meaning, width)}" for at, meaning in ordered]
    lines = [label.count("<br>") + 1 for label in labels]
    # A label of 18 characters spans about a third of a half-page chart's scale.
    levels = _anchor_levels(ordered, gap=36 if axis == "x" else 9)
    row_height = [0] * (max(levels, default=-1) + 1)
    for level, count in zip(levels, lines, strict=True):
        row_height[level] = max(row_height[level], 13 * count + 4)
    for (at, meaning), label, level in zip(ordered, labels, levels, strict=True):
        line = {"color": ANCHOR_COLOUR, "width": 1, "dash": "dot"}
        if axis == "x":
            fig.add_vline(x=at, line=line, layer="above")
            fig.add_annotation(
                x=at, xref="x", y=1.0, yref="paper", yanchor="bottom",
                yshift=sum(row_height[:level]),
                text=label, showarrow=False, align="left", xanchor="left", xshift=-4,
                font={"size": 10, "color": ANCHOR_COLOUR}, hovertext=meaning,
            )  # fmt: skip
        else:
            fig.add_hline(y=at, line=line, layer="above")
            fig.add_annotation(
                x=0.01 + 0.5 * (level % 2), xref="paper", y=at, yref="y", yanchor="bottom",
                text=label, showarrow=False, align="left", xanchor="left",
                font={"size": 10, "color": ANCHOR_COLOUR}, bgcolor="rgba(255,255,255,0.7)",
                hovertext=meaning,
            )  # fmt: skip
    return sum(row_height) if axis == "x" else 0


def anchor_ticks(fig: go.Figure, rows: Mapping[object, Sequence[Anchor]]) -> None:
    """Short tick marks, with their value, at each anchor of the issue on each row of a chart
    whose rows are issues (``rows``: the row's y value to its anchors); hovering shows what
    each means."""
    for y, anchors in rows.items():
        if not anchors:
            continue
        fig.add_trace(
            go.Scatter(
                x=[at for at, _ in anchors], y=[y] * len(anchors), mode="markers+text",
                marker={"symbol": "line-ns", "size": 18, "line": {"width": 2,
                        "color": ANCHOR_COLOUR}},
                text=[f"{at:g}" for at, _ in anchors], textposition="top center",
                textfont={"size": 9, "color": ANCHOR_COLOUR},
                hovertext=[wrap(f"{at:g} = {meaning}", 60) for at, meaning in anchors],
                hoverinfo="text", name="scale anchor (hover for its meaning)",
                legendgroup="anchors", showlegend=False,
            )
        )  # fmt: skip
    if any(rows.values()):
        fig.data[-1].showlegend = True


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


def issue_anchors(case: Case) -> dict[str, list[Anchor]]:
    """Each issue's scale anchors, by issue id, in order along the scale."""
    return {
        issue.id: sorted((anchor.at, anchor.meaning) for anchor in issue.anchors)
        for issue in case.issues
    }


def stacked_offsets(values: Sequence[float], close: float = 3.0, step: float = 0.22) -> list[float]:
    """A vertical offset for each value so that markers at (about) the same place stand one
    above the other instead of hiding each other: values closer than ``close`` form a stack,
    centred on 0, whose height stays within 0.7 of a category row."""
    order = sorted(range(len(values)), key=lambda k: values[k])
    offsets = [0.0] * len(values)
    stack: list[int] = []
    for k in [*order, None]:
        if k is not None and stack and values[k] - values[stack[-1]] < close:
            stack.append(k)
            continue
        if len(stack) > 1:
            spacing = min(step, 0.7 / (len(stack) - 1))
            for place, member in enumerate(stack):
                offsets[member] = (place - (len(stack) - 1) / 2) * spacing
        stack = [] if k is None else [k]
    return offsets


def positions(case: Case) -> go.Figure:
    """Every actor's position on every issue; marker size shows salience. Actors at the same
    place on an issue are stacked, so none hides another."""
    colours = actor_colours(case)
    names = {actor.id: actor.name for actor in case.actors}
    shift: dict[tuple[str, str], float] = {}
    for issue in case.issues:
        offsets = stacked_offsets([entry.position.value for entry in issue.positions])
        for entry, offset in zip(issue.positions, offsets, strict=True):
            shift[(issue.id, entry.actor)] = offset
    fig = go.Figure()
    for actor in case.actors:
        xs, ys, sizes, texts = [], [], [], []
        for row, issue in enumerate(case.issues):
            for entry in issue.positions:
                if entry.actor == actor.id:
                    xs.append(entry.position.value)
                    ys.append(row + shift[(issue.id, actor.id)])
                    sizes.append(6 + entry.salience.value / 5)
                    texts.append(
                        f"{names[actor.id]}<br>{wrap(issue.title, 50)}<br>position "
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
                        "opacity": 0.8,
                        "line": {"width": 1, "color": "white"},
                    },
                    text=texts,
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    anchors = issue_anchors(case)
    anchor_ticks(fig, {row - 0.36: anchors[issue.id] for row, issue in enumerate(case.issues)})
    fig.update_xaxes(range=[-5, 105], title="position (0-100; see each issue's scale)")
    fig.update_yaxes(
        tickvals=list(range(len(case.issues))),
        ticktext=[wrap(issue.title, 45) for issue in case.issues],
        range=[len(case.issues) - 0.5, -0.8],
        gridcolor="rgba(0,0,0,0)",
    )
    return _layout(
        fig,
        "Positions on each issue (marker size = salience; actors at one place are stacked)",
        height=200 + 70 * len(case.issues),
    )


def forecast_bands(
    issue: BargainingIssue,
    labels: Mapping[str, str],
    anchors: Sequence[Anchor] = (),
) -> go.Figure:
    """Each model's forecast for one issue: the Monte Carlo median, interquartile range and
    90% interval, and the point forecast with the stated inputs; one row per model of
    ``labels`` (model -> its name on the chart), in that order."""
    fig = go.Figure()
    for row, (model, label) in enumerate(labels.items()):
        s = issue.monte_carlo.summaries[model]
        fig.add_trace(
            go.Scatter(
                x=list(s.interval_90),
                y=[label, label],
                mode="lines",
                line={"color": "#9ecae1", "width": 6},
                showlegend=row == 0,
                name="90% interval",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=list(s.quartiles),
                y=[label, label],
                mode="lines",
                line={"color": "#3182bd", "width": 12},
                showlegend=row == 0,
                name="interquartile",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[s.median],
                y=[label],
                mode="markers",
                marker={"color": "#08306b", "size": 12, "symbol": "diamond"},
                showlegend=row == 0,
                name="median",
                hovertemplate=f"{label}: median %{{x:.1f}}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[issue.point[model]],
                y=[label],
                mode="markers",
                marker={"color": "#e6550d", "size": 10, "symbol": "x"},
                showlegend=row == 0,
                name="point forecast",
                hovertemplate=f"{label}: %{{x:.1f}} with the stated inputs<extra></extra>",
            )
        )
    fig.update_xaxes(range=[-2, 102], title="position on the issue's 0-100 scale")
    _layout(fig, _title(issue.title, "forecast by model"), height=190 + 45 * len(labels))
    _legend_below(fig)
    _anchors_above(fig, anchors)
    return fig


def _legend_below(fig: go.Figure) -> None:
    """The legend in its own strip under the x-axis title (measured from the whole figure,
    so it never covers the axis title whatever the plot's height)."""
    fig.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom",
                "x": 0.0, "xanchor": "left"},
        margin={"b": fig.layout.margin.b + 36},
    )  # fmt: skip


def _anchors_above(fig: go.Figure, anchors: Sequence[Anchor]) -> None:
    """Anchor lines labelled above the plot, with room made for the labels."""
    extra = anchor_lines(fig, anchors, axis="x")
    if extra:
        # The title stands above the labels (its automargin makes the room).
        fig.update_layout(title={"pad": {"b": 16 + extra}}, height=fig.layout.height + extra)


def trajectories(
    issue: BargainingIssue,
    actor_names: Sequence[str],
    colours: Sequence[str],
    anchors: Sequence[Anchor] = (),
) -> go.Figure:
    """Positions of every actor round by round in the expected-utility model, with the
    forecast of each round; ``actor_names`` and ``colours`` follow ``issue.actors``."""
    rounds, round_forecasts = issue.eum.rounds, issue.eum.round_forecasts
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
    fig.update_yaxes(range=[-3, 103], title="position on the issue's 0-100 scale")
    anchor_lines(fig, anchors, axis="y")
    _layout(fig, _title(issue.title, "expected-utility rounds: every actor's position", width=110))
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "y": 1.0, "font": {"size": 11}},
        # Actors often end at one place, their lines on top of each other: hovering a round
        # lists every actor's position there.
        hovermode="x unified",
    )
    return fig


def tornado(
    issue: BargainingIssue,
    swings: Sequence[Swing],
    labels: Mapping[str, str],
    anchors: Sequence[Anchor] = (),
) -> go.Figure:
    """One-at-a-time swings: the EUM forecast when each input sits at its low and high value,
    one bar per swing (largest first) around the point forecast; ``labels`` names each input."""
    rows = list(swings)[::-1]
    base = issue.point["eum"]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[labels[r.name] for r in rows],
            x=[r.output_at_low - base for r in rows],
            base=base,
            orientation="h",
            name="input at its low value",
            marker_color="#6baed6",
        )
    )
    fig.add_trace(
        go.Bar(
            y=[labels[r.name] for r in rows],
            x=[r.output_at_high - base for r in rows],
            base=base,
            orientation="h",
            name="input at its high value",
            marker_color="#fd8d3c",
        )
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="EUM forecast on the issue's 0-100 scale")
    _layout(
        fig,
        _title(issue.title, "what moves the EUM forecast, one input at a time"),
        height=190 + 28 * len(rows),
    )
    _legend_below(fig)
    _anchors_above(fig, anchors)
    return fig


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
    _layout(fig, title, height=140 + 26 * len(rows))
    # The column labels stand on top of the grid, where the title would go: the title goes to
    # the top of the figure instead, over a margin that leaves room for both.
    fig.update_layout(
        title={"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 8, "b": 0},
               "automargin": False},
        margin={"t": 90},
    )  # fmt: skip
    return fig


def bars(title: str, labels: Sequence[str], values: Sequence[float], axis: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=list(values), y=list(labels), orientation="h", marker_color="#3182bd"))
    fig.update_xaxes(title=axis)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=120 + 28 * len(labels))


def consistent_scenarios(
    data: ScenariosResults, consistent: Sequence[ConsistentScenario], labels: Sequence[str]
) -> go.Figure:
    """The consistent scenarios (rows, labelled ``labels``) against the descriptors: the
    variant each holds, coloured by its place among the descriptor's variants."""
    descriptors = data.descriptors
    place = {(d.id, v.id): k for d in descriptors for k, v in enumerate(d.variants)}
    name = {(d.id, v.id): v.name for d in descriptors for v in d.variants}
    grid = [[float(place[(d.id, s.variants[d.id])]) for d in descriptors] for s in consistent]
    text = [[wrap(name[(d.id, s.variants[d.id])], 14) for d in descriptors] for s in consistent]
    fig = heatmap(
        "Consistent scenarios (rows): the variant each holds for every descriptor",
        labels, [wrap(d.name, 16) for d in descriptors], grid, text, colourscale="Teal",
    )  # fmt: skip
    fig.update_traces(textfont={"size": 9})
    fig.update_xaxes(tickangle=0, tickfont={"size": 10})
    fig.update_layout(height=260 + 44 * len(consistent), margin={"t": 130})
    return fig


def succession_basins(
    succession: Succession,
    consistent: Sequence[ConsistentScenario],
    labels: Sequence[str],
    shown: int,
) -> go.Figure:
    """The share of starting scenarios global succession carries to each of the first
    ``shown`` attractors, a fixed point named by its label among ``consistent``."""
    attractors = succession.attractors[:shown]
    names = []
    for attractor in attractors:
        first = attractor.scenarios[0]
        match = next(
            (label for label, s in zip(labels, consistent, strict=True) if s.variants == first),
            None,
        )
        names.append(
            f"cycle of {len(attractor.scenarios)}" if attractor.is_cycle else (match or "?")
        )
    return bars(
        "Where global succession leads on the judged matrix: share of starting scenarios",
        names, [a.share for a in attractors], "share of starts",
    )  # fmt: skip


def wrap_id(identifier: str, width: int = 16) -> str:
    """A hyphenated id broken into lines at its hyphens (plotly does not wrap text)."""
    lines: list[str] = []
    for part in identifier.split("-"):
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += "-" + part
        else:
            lines.append(part if not lines else "-" + part)
    return "<br>".join(lines)


#: How a game tree draws each kind of move, and what its legend calls it.
TREE_STYLES = {
    "path": ({"color": "#d62728", "width": 4}, "equilibrium path (played)"),
    "plan": ({"color": "#ff7f0e", "width": 2, "dash": "dash"},
             "planned by the equilibrium, off the path"),
    "chance": ({"color": "#6a51a3", "width": 2.5, "dash": "dot"},
               "nature's move (chance; its probability, not a choice)"),
    "never": ({"color": "#b0b0b0", "width": 1.5}, "never chosen"),
}  # fmt: skip


def _reach(game: CaseGame, choices: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The probability of reaching each node and outcome when the players follow
    ``choices`` and nature its stated probabilities."""
    nodes = {node.id: node for node in game.nodes}
    reach: dict[str, float] = {}

    def walk(target: str, probability: float) -> None:
        reach[target] = reach.get(target, 0.0) + probability
        node = nodes.get(target)
        if node is None:
            return
        point = node.infoset or node.id
        for move in node.moves:
            if node.player == "chance":
                step = move.probability.value if move.probability is not None else 0.0
            else:
                step = choices.get(point, {}).get(move.id, 0.0)
            walk(move.to, probability * step)

    walk(game.root_id or game.nodes[0].id, 1.0)
    return reach


def _tree_places(game: CaseGame) -> tuple[dict[str, float], dict[str, int]]:
    """Where each node and outcome stands: leaves one unit apart, a node above the middle of
    its children, one row per depth."""
    nodes = {node.id: node for node in game.nodes}
    x: dict[str, float] = {}
    depth: dict[str, int] = {}
    leaves = [0]

    def place(target: str, level: int) -> float:
        depth[target] = level
        if target not in nodes:
            x[target] = float(leaves[0])
            leaves[0] += 1
            return x[target]
        xs = [place(move.to, level + 1) for move in nodes[target].moves]
        x[target] = sum(xs) / len(xs)
        return x[target]

    place(game.root_id or game.nodes[0].id, 0)
    return x, depth


def outcome_shares(
    title: str, labels: Sequence[str], frequencies: Sequence[OutcomeFrequency]
) -> go.Figure:
    """For each outcome of a game (a sweep's row, shown with its label): its probability under
    the equilibria (averaged over the payoff draws) and the share of draws in which some
    equilibrium can reach it."""
    probability = [row.mean_probability for row in frequencies]
    reachable = [row.on_path_share for row in frequencies]
    shown = [wrap(label, 40) for label in labels]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(x=list(probability), y=shown, orientation="h", marker_color="#3182bd",
               name="probability (mean over draws)",
               hovertemplate="%{y}: %{x:.0%}<extra></extra>")
    )  # fmt: skip
    fig.add_trace(
        go.Bar(x=list(reachable), y=shown, orientation="h", marker_color="#c6dbef",
               name="reachable in equilibrium (share of draws)",
               hovertemplate="%{y}: reachable in %{x:.0%} of draws<extra></extra>")
    )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title="share (0-1)", range=[0, 1.02], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    # Each row as tall as its tallest label needs, so no label reaches past its row (the top
    # one would stand on the title).
    tallest = max((label.count("<br>") + 1 for label in shown), default=1)
    _layout(fig, wrap(title, 60), height=160 + max(44, 16 * tallest + 12) * len(labels))
    _legend_below(fig)
    return fig


def game_tree(
    game: CaseGame, equilibrium: Equilibrium | None, player_names: Mapping[str, str]
) -> go.Figure:
    """An extensive-form game as a tree, with ``equilibrium`` (none: no move is chosen). The
    equilibrium path is thick and red, moves the equilibrium plans off the path dashed orange,
    nature's moves dotted purple with their probability, moves never chosen grey; a legend
    names each. Outcomes show each player's payoff on its own line, and the probability of
    reaching them when it is not 0 or 1."""
    choices = {} if equilibrium is None else equilibrium.choices
    x, depth = _tree_places(game)
    reach = _reach(game, choices)
    fig = go.Figure()
    used: set[str] = set()
    for node in game.nodes:
        point = node.infoset or node.id
        for move in node.moves:
            if node.player == "chance":
                kind = "chance"
                probability = move.probability.value if move.probability is not None else 0.0
                label = f"{wrap_id(move.name or move.id)}<br><i>chance {probability:.0%}</i>"
            else:
                chosen = choices.get(point, {}).get(move.id, 0.0) > 1e-9
                on_path = chosen and reach.get(node.id, 0.0) > 1e-9
                kind = "path" if on_path else "plan" if chosen else "never"
                label = wrap(move.name or move.id, 18)
            used.add(kind)
            style, _ = TREE_STYLES[kind]
            fig.add_trace(
                go.Scatter(
                    x=[x[node.id], x[move.to]], y=[-depth[node.id], -depth[move.to]],
                    mode="lines", line=style, hoverinfo="skip", showlegend=False,
                )
            )  # fmt: skip
            # Labels stand nearer the child than the parent: sibling moves fan out from one
            # point, so their labels have more room apart further down.
            fig.add_annotation(
                x=0.4 * x[node.id] + 0.6 * x[move.to],
                y=-(0.4 * depth[node.id] + 0.6 * depth[move.to]),
                text=label, showarrow=False, font={"size": 10, "color": "#333"},
                bgcolor="rgba(255,255,255,0.9)",
            )  # fmt: skip
    for kind, (style, name) in TREE_STYLES.items():
        if kind in used:
            fig.add_trace(
                go.Scatter(x=[None], y=[None], mode="lines", line=style, name=name)
            )  # fmt: skip
    decision = list(game.nodes)
    fig.add_trace(
        go.Scatter(
            x=[x[n.id] for n in decision], y=[-depth[n.id] for n in decision],
            mode="markers+text",
            marker={"size": 16, "color": ["#6a51a3" if n.player == "chance" else "#14213d"
                                          for n in decision],
                    "symbol": ["diamond" if n.player == "chance" else "circle"
                               for n in decision]},
            text=["<b>Nature</b> (chance)" if n.player == "chance"
                  else f"<b>{player_names.get(n.player, n.player)}</b>" for n in decision],
            textposition="top center", hovertext=[n.description or n.id for n in decision],
            hoverinfo="text", showlegend=False,
        )
    )  # fmt: skip
    ends = list(game.outcomes)
    texts = []
    for outcome in ends:
        lines = [f"<b>{wrap_id(outcome.id)}</b>"]
        lines += [f"{player_names.get(p, p)} {v.value:g}" for p, v in outcome.payoffs.items()]
        reached = reach.get(outcome.id, 0.0)
        if 1e-9 < reached < 1 - 1e-9:
            lines.append(f"<i>reached {reached:.0%}</i>")
        texts.append("<br>".join(lines))
    fig.add_trace(
        go.Scatter(
            x=[x[o.id] for o in ends], y=[-depth[o.id] for o in ends],
            mode="markers+text",
            marker={"size": 12, "symbol": "square",
                    "color": ["#d62728" if reach.get(o.id, 0.0) > 1e-9 else "#9e9e9e"
                              for o in ends]},
            text=texts, textposition="bottom center",
            hovertext=[wrap(o.description, 50) for o in ends],
            hoverinfo="text", showlegend=False, textfont={"size": 10},
        )
    )  # fmt: skip
    deepest = max(depth.values())
    # The id (up to two lines), a line per payoff and one for the chance of reaching it.
    payoff_lines = 3 + max((len(o.payoffs) for o in ends), default=0)
    leaves = sum(1 for o in ends)
    fig.update_xaxes(visible=False, range=[-0.6, max(leaves - 0.4, 0.6)])
    # Room under the deepest outcomes for their labels (about 0.12 rows a line).
    fig.update_yaxes(visible=False, range=[-deepest - 0.12 - 0.09 * payoff_lines, 0.35])
    _layout(
        fig,
        f"{game.title}: the tree",
        height=200 + 130 * deepest + 13 * payoff_lines,
    )
    _legend_below(fig)
    return fig


def game_table(
    game: CaseGame, equilibria: Sequence[Equilibrium], player_names: Mapping[str, str]
) -> go.Figure:
    """A two-player normal-form game as a grid of payoffs; its pure equilibria (among
    ``equilibria``) are shaded."""
    pure_equilibria = [eq.pure_profile() for eq in equilibria if eq.is_pure]
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
    fig.update_layout(margin={"t": 110})  # the column player's name and strategies on top
    fig.update_yaxes(title=player_names.get(row_player, row_player))
    fig.update_xaxes(title=player_names.get(column_player, column_player))
    return fig


def forecast_vs_outcome(
    rows: Sequence[
        tuple[str, Mapping[str, float], float, tuple[float, float] | None, Sequence[Anchor]]
    ],
) -> go.Figure:
    """Each scored issue on its own row: every model's forecast (models stacked a little apart,
    so equal forecasts stay visible), the expected-utility 90% band, what happened, and the
    issue's scale anchors as ticks."""
    fig = go.Figure()
    symbols = ("circle", "diamond", "square", "triangle-up", "cross", "star-square")
    models = list(dict.fromkeys(model for _, forecasts, *_ in rows for model in forecasts))
    spread = min(0.12, 0.6 / max(len(models), 1))
    for k, (_, _, _, band, _) in enumerate(rows):
        if band is not None:
            fig.add_trace(
                go.Scatter(
                    x=list(band), y=[k, k], mode="lines",
                    line={"color": "#9ecae1", "width": 12}, name="EUM 90% band",
                    legendgroup="band", showlegend=k == 0, hoverinfo="skip",
                )
            )  # fmt: skip
    for m, model in enumerate(models):
        offset = (m - (len(models) - 1) / 2) * spread
        points = [(k + offset, row[1][model]) for k, row in enumerate(rows) if model in row[1]]
        fig.add_trace(
            go.Scatter(
                x=[x for _, x in points], y=[y for y, _ in points], mode="markers", name=model,
                marker={"size": 9, "symbol": symbols[m % len(symbols)],
                        "color": PALETTE[m % len(PALETTE)]},
                hovertemplate=f"{model}: %{{x:.1f}}<extra></extra>",
            )
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[observed for _, _, observed, _, _ in rows], y=list(range(len(rows))),
            mode="markers", name="what happened",
            marker={"size": 18, "symbol": "star", "color": "#111",
                    "line": {"width": 1, "color": "white"}},
            hovertemplate="happened: %{x:g}<extra></extra>",
        )
    )  # fmt: skip
    anchor_ticks(fig, {k - 0.4: list(row[4]) for k, row in enumerate(rows)})
    fig.update_xaxes(range=[-3, 103], title="position on each issue's 0-100 scale")
    fig.update_yaxes(
        tickvals=list(range(len(rows))), ticktext=[wrap(title, 40) for title, *_ in rows],
        range=[len(rows) - 0.5, -0.8], gridcolor="rgba(0,0,0,0)",
    )  # fmt: skip
    _layout(fig, "Forecasts against what happened", height=210 + 80 * len(rows))
    _legend_below(fig)
    return fig


def calibration(bins: Sequence[CalibrationBin]) -> go.Figure:
    """A reliability diagram (Murphy & Winkler 1977): in each bin of forecast probability,
    the mean forecast against how often the forecast category happened; a well-calibrated
    forecast lies on the diagonal. Marker size shows how many forecasts the bin holds."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect calibration",
                   line={"color": "#999", "dash": "dash"}, hoverinfo="skip")
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[row.mean_forecast for row in bins],
            y=[row.observed_frequency for row in bins],
            mode="markers+text", name="forecasts, pooled in bins",
            textposition="middle right", texttemplate="  %{customdata:.0f}",
            customdata=[row.count for row in bins],
            marker={"size": [8 + 3 * min(row.count, 10) for row in bins], "color": "#3182bd"},
            text=[f"{row.count:.0f} forecasts in {row.low:.1f}-{row.high:.1f}"
                  for row in bins],
            hovertemplate="%{text}: mean forecast %{x:.2f}, happened %{y:.2f}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(range=[-0.02, 1.02], title="forecast probability (bin mean)")
    fig.update_yaxes(range=[-0.02, 1.02], title="how often it happened")
    _layout(
        fig,
        "Calibration of the scenario and game probabilities<br><sup>each point: a bin of "
        "forecasts, labelled with how many it holds</sup>",
        height=440,
    )
    _legend_below(fig)
    return fig
