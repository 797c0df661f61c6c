"""Chart image files are named after what they show and listed in charts/index.md."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

from realpolitik.analysis import RunSettings, analyse
from realpolitik.case import load_case
from realpolitik.report import build_report, chart_index
from realpolitik.report.html import Page

SMALL = RunSettings(n_runs=20, sensitivity_samples=8, game_draws=5, scenario_draws=5)


def test_a_figure_is_named_after_its_section_and_what_it_shows() -> None:
    page = Page()
    page.section, page.section_title = "bargaining", "Bargaining forecasts"
    html = page.figure(go.Figure(), "Lachin corridor / forecast")
    page.figure(go.Figure(), "Lachin corridor / forecast")
    page.section = "games"
    page.figure(go.Figure())
    names = [name for name, _ in page.figures]
    assert names == [
        "bargaining-lachin-corridor-forecast",
        "bargaining-lachin-corridor-forecast-2",
        "games-figure",
    ]
    assert 'id="bargaining-lachin-corridor-forecast"' in html
    assert page.sections["games-figure"] == "Bargaining forecasts"  # title set once above


def test_the_index_lists_each_file_with_its_title_and_section() -> None:
    fig = go.Figure().update_layout(title={"text": "Peacekeepers<br><sup>forecast | model</sup>"})
    written = [
        Path("bargaining-peacekeepers-forecast.png"),
        Path("bargaining-peacekeepers-forecast.svg"),
    ]
    text = chart_index(
        [("bargaining-peacekeepers-forecast", fig)], written,
        {"bargaining-peacekeepers-forecast": "Bargaining forecasts"},
    )  # fmt: skip
    row = text.splitlines()[-1]
    assert row == (
        "| [bargaining-peacekeepers-forecast.png](bargaining-peacekeepers-forecast.png), "
        "[bargaining-peacekeepers-forecast.svg](bargaining-peacekeepers-forecast.svg) | "
        "Peacekeepers - forecast \\| model | Bargaining forecasts |"
    )


def test_the_flagship_report_names_every_chart_once_and_plainly() -> None:
    case = load_case("south-caucasus-2021")
    report = build_report(case, analyse(case, SMALL))
    names = [name for name, _ in report.figures]
    assert len(names) == len(set(names)) >= 20
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)
    assert not any(name.startswith("figure") for name in names)
    assert not any(name.endswith("-figure") or "-figure-" in name for name in names)
    issue = case.issues[0].id
    assert f"bargaining-{issue}-forecast" in names
    assert f"games-{case.games[0].id}-sweep" in names
    assert "scenarios-succession-basins" in names
    assert set(report.sections) == set(names)
    assert {report.sections[f"bargaining-{issue}-forecast"]} == {"Bargaining forecasts"}
