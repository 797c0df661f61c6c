"""The main job end to end: report in a real browser, byte-identical results, clean store."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from browser import view
from paths import DATA, SHARED
from realpolitik.analysis import RunSettings, analyse, dumps
from realpolitik.analysis.inputs import game_from_case
from realpolitik.case import Case, load_case
from realpolitik.cli import app
from realpolitik.games import solve, sweep
from realpolitik.games.describe import chance_odds, describe_sweep
from realpolitik.report import figures, render_report, stable_svg
from realpolitik.report.bargaining_section import input_label
from realpolitik.report.html import where_on_scale
from realpolitik.results import loads

NAME = "south-caucasus-2021"
SEEDS = SHARED / "seeds"
SECTIONS_WITH_CHARTS = ["overview", "bargaining", "scenarios", "leverage", "pathways", "games"]
SECTIONS = [
    "overview", "bargaining", "scenarios", "leverage", "pathways", "games", "triangulation",
    "evidence",
    "reproducibility",
]  # fmt: skip
QUICK = ["--runs", "30", "--sensitivity-samples", "16", "--game-draws", "10",
         "--scenario-draws", "10", "--succession-sample", "2000"]  # fmt: skip


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(NAME)


def test_report_in_headless_chromium(case: Case, tmp_path: Path) -> None:
    settings = RunSettings(n_runs=40, seed=3, sources=SEEDS, sensitivity_samples=16, game_draws=10)
    results = analyse(case, settings)
    page = tmp_path / "report.html"
    page.write_text(render_report(case, results), encoding="utf-8")
    shot = tmp_path / "report.png"
    seen = view(page.as_uri(), shot)
    assert seen.console_errors == []
    assert seen.layout_faults == []  # nothing cut off or drawn over anything else
    assert seen.section_ids == SECTIONS
    for section in SECTIONS_WITH_CHARTS:
        assert seen.plots_by_section[section] >= 1, section
    assert shot.stat().st_size > 10_000
    assert case.case.title in seen.title
    verdicts = {s.verdict for s in results.triangulation or []}
    assert verdicts <= {"agree", "disagree"} and verdicts


def test_same_seed_gives_byte_identical_results(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for name, charts in (("first", "--charts"), ("second", "--no-charts")):
        out = tmp_path / name
        result = runner.invoke(
            app,
            ["run", NAME, *QUICK, "--seed", "11", "--out", str(out), charts,
             "--store", str(tmp_path / "runs.sqlite"), "--sources", str(SEEDS)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output[-3000:]
        outputs.append((out / "results.json").read_bytes())
    assert outputs[0] == outputs[1]
    pngs = sorted((tmp_path / "first" / "charts").glob("*.png"))
    svgs = sorted((tmp_path / "first" / "charts").glob("*.svg"))
    assert len(pngs) == len(svgs) >= 10
    assert all(p.stat().st_size > 5_000 for p in pngs)
    assert not (tmp_path / "second" / "charts").exists()
    results = loads(outputs[0])
    assert results.meta.seed == 11
    assert dumps(results).encode() == outputs[0]


def test_svg_ids_follow_the_content_not_chance() -> None:
    """plotly.js's random drawing id becomes one derived from the drawing; numbers and text
    that happen to look like the id are left alone."""
    drawing = (
        '<svg><defs id="defs-{uid}"><clipPath id="clip{uid}xyplot"><rect/></clipPath>'
        '<linearGradient id="g{uid}-cb0"/></defs><g clip-path="url(#clip{uid}xyplot)" '
        'style="fill: url(\'#g{uid}-cb0\');"><path d="M123456,0H{number}"/><text>{number}'
        '</text></g><defs id="topdefs-{uid}"/></svg>'
    )
    first = stable_svg(drawing.format(uid="1872bb", number="123456"))
    second = stable_svg(drawing.format(uid="123456", number="123456"))
    assert first == second
    assert "1872bb" not in first
    assert 'd="M123456,0H123456"' in first and "<text>123456</text>" in first
    other = stable_svg(drawing.format(uid="1872bb", number="654321"))
    assert other != first  # another drawing, another id
    assert stable_svg("<svg><g/></svg>") == "<svg><g/></svg>"


def test_outcomes_behind_a_chance_node_are_nature_s_not_a_forecast() -> None:
    case = load_case(DATA / "minimal.toml")
    game = game_from_case(case, case.game("crisis"))
    # North pushes; nature then makes South firm (0.6: South resists or yields) or weak (0.4).
    assert chance_odds(game) == pytest.approx({"clash": 0.6, "north-gains": 0.6,
                                               "south-folds": 0.4})  # fmt: skip
    text = describe_sweep(game, sweep(game, n_runs=5, seed=1))
    assert "south-folds: behind nature's move (chance 40%)" in text
    assert "status-quo: on the path in" in text  # the players' own choice reads as before
    (planned,) = solve(game, "spe").equilibria  # North pushes, a firm South resists
    assert planned.choices["south-moves"]["resist"] == 1.0
    tree = figures.game_tree(case.game("crisis"), planned, {"north": "North"})
    legend = {trace.name for trace in tree.data if trace.showlegend is not False and trace.name}
    assert any("nature's move" in name for name in legend)
    labels = [a.text for a in tree.layout.annotations]
    assert "weak<br><i>chance 40%</i>" in labels and "…" not in "".join(labels)


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=12))
def test_markers_at_one_place_are_stacked_apart(values: list[float]) -> None:
    offsets = figures.stacked_offsets(values)
    assert all(abs(offset) <= 0.35 + 1e-9 for offset in offsets)
    for i, j in itertools.combinations(range(len(values)), 2):
        if values[i] == values[j]:
            assert offsets[i] != offsets[j]  # same place, different heights: both visible


def test_anchor_labels_too_close_stand_in_different_rows() -> None:
    assert figures._anchor_levels([(10, "a"), (20, "b"), (70, "c")], gap=36) == [0, 1, 0]
    assert figures.wrap("an open-ended stay with a widened civil role", 18) == (
        "an open-ended stay<br>with a widened<br>civil role"
    )


def test_inputs_and_scale_points_in_words(case: Case) -> None:
    names = {actor.id: actor.name for actor in case.actors}
    assert input_label("position:united-states", names) == "United States: position"
    assert input_label("salience:iran", names) == "Iran: salience"
    link = case.issue("transport-link")
    assert where_on_scale(link, 56).startswith("near 55: the November 2020 formula")
    assert where_on_scale(link, 40).startswith("between 0 (")
    assert all(issue.anchors for issue in case.issues)  # the flagship names points of each scale


def test_every_judged_input_is_named_in_words(case: Case) -> None:
    from realpolitik.case import iter_judgments
    from realpolitik.report.evidence_section import judged_name

    names = [judged_name(case, judged) for judged in iter_judgments(case)]
    assert len(set(names)) == len(names)  # each input told apart
    assert "capability of Azerbaijan" in names
    assert "Duration and mandate of the Russian peacekeeping presence: position of Russia" in names
    assert not any("united-states" in name or "position of russia" in name for name in names)
