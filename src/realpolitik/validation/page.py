"""The leaderboard as one self-contained HTML page with its plots (plotly.js inlined)."""

from __future__ import annotations

import hashlib

import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, select_autoescape

from realpolitik.validation.run import ValidationReport

_PLOT_CONFIG = {"displaylogo": False, "responsive": True}


def _figure_html(figure: go.Figure, name: str) -> str:
    # A div id derived from the content keeps the page byte-identical run after run.
    div_id = "plot-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    html: str = figure.to_html(
        full_html=False, include_plotlyjs=False, config=_PLOT_CONFIG, div_id=div_id
    )
    return html


def _style(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 260, "r": 30, "t": 60, "b": 60},
        template="plotly_white",
        font={"size": 13},
    )
    return figure


def mae_chart(report: ValidationReport) -> go.Figure:
    rows = list(reversed(report.leaderboard))
    figure = go.Figure(
        go.Scatter(
            x=[row.mae.value for row in rows],
            y=[row.label for row in rows],
            mode="markers",
            marker={
                "size": 10,
                "color": ["#b2182b" if row.beats_mean else "#2166ac" for row in rows],
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [row.mae.high - row.mae.value for row in rows],
                "arrayminus": [row.mae.value - row.mae.low for row in rows],
            },
            hovertemplate="%{y}: MAE %{x:.2f}<extra></extra>",
        )
    )
    figure.update_xaxes(title="mean absolute error (points on 0-100), 95% bootstrap interval")
    return _style(figure, "Out-of-sample error by model", 90 + 34 * len(rows))


def difference_chart(report: ValidationReport) -> go.Figure:
    rows = [row for row in reversed(report.leaderboard) if row.difference_from_mean is not None]
    figure = go.Figure(
        go.Scatter(
            x=[row.difference_from_mean.value for row in rows if row.difference_from_mean],
            y=[row.label for row in rows],
            mode="markers",
            marker={"size": 10, "color": "#4d4d4d"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [d.high - d.value for row in rows if (d := row.difference_from_mean)],
                "arrayminus": [d.value - d.low for row in rows if (d := row.difference_from_mean)],
            },
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    figure.add_vline(x=0, line_dash="dash", line_color="#888")
    figure.update_xaxes(
        title="MAE minus the weighted mean's MAE, paired 95% interval (left of 0 = better)"
    )
    return _style(figure, "Against the weighted mean, issue by issue", 90 + 34 * len(rows))


def error_chart(report: ValidationReport) -> go.Figure:
    figure = go.Figure()
    for row in report.leaderboard:
        errors = [abs(r.forecasts[row.model] - r.outcome) for r in report.records]
        figure.add_trace(go.Box(x=errors, name=row.label, boxpoints="outliers", orientation="h"))
    figure.update_xaxes(title="absolute error per issue")
    figure.update_layout(showlegend=False, yaxis={"autorange": "reversed"})
    return _style(figure, "Distribution of errors", 90 + 40 * len(report.leaderboard))


def calibration_chart(report: ValidationReport) -> go.Figure:
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[0.45, 1.0], y=[0.45, 1.0], mode="lines", name="perfect calibration",
            line={"dash": "dash", "color": "#888"},
        )
    )  # fmt: skip
    for row in report.leaderboard:
        figure.add_trace(
            go.Scatter(
                x=[c.level for c in row.coverage_by_level],
                y=[c.coverage for c in row.coverage_by_level],
                mode="lines+markers",
                name=row.label,
            )
        )
    figure.update_xaxes(title="nominal level of the conformal interval", range=[0.45, 1.0])
    figure.update_yaxes(title="share of held-out outcomes inside", range=[0.3, 1.0])
    figure.update_layout(legend={"font": {"size": 11}})
    _style(figure, "Calibration of the forecast intervals", 520)
    figure.update_layout(margin={"l": 70})
    return figure


def render(report: ValidationReport, reproduce: str = "") -> str:
    """The whole page as a string; ``reproduce`` is the command that made it."""
    from plotly.offline import get_plotlyjs

    environment = Environment(
        loader=PackageLoader("realpolitik.validation", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    charts = {
        "mae": _figure_html(mae_chart(report), "mae"),
        "difference": _figure_html(difference_chart(report), "difference"),
        "errors": _figure_html(error_chart(report), "errors"),
        "calibration": _figure_html(calibration_chart(report), "calibration"),
    }
    template = environment.get_template("leaderboard.html.j2")
    command = reproduce or (
        f"realpolitik validate-models --seed {report.seed} --folds {report.folds} "
        f"--boot {report.n_boot} --capability {report.data.capability}"
    )
    return template.render(report=report, charts=charts, plotlyjs=get_plotlyjs(), reproduce=command)
