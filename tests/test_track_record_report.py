"""The track record in the main job and the report, and the issue's optional reference point."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

from paths import DATA
from realpolitik.analysis import RunSettings, analyse
from realpolitik.bargaining.baselines import nash_bargaining_reference
from realpolitik.case import CaseError, load_case
from realpolitik.report.bargaining_section import bargaining_section
from realpolitik.report.html import Page

MINIMAL = (DATA / "minimal.toml").read_text(encoding="utf-8")
WITH_REFERENCE = MINIMAL.replace(
    'high = "South\'s line"\n',
    'high = "South\'s line"\nreference = { value = 30, assumption = "the 2019 truce line" }\n',
    1,
)


def _case(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict[str, object]]:
    case = load_case(_case(tmp_path_factory.mktemp("ref"), WITH_REFERENCE))
    results = analyse(case, RunSettings(n_runs=50, seed=3), only=["bargaining"])
    return case, results


def test_a_reference_point_adds_the_model_that_uses_it(analysed: tuple[object, dict]) -> None:
    case, results = analysed
    (issue,) = results.bargaining.issues
    assert issue.reference == 30
    positions = {p.actor: p for p in case.issues[0].positions}
    capability = {a.id: a.capability.value for a in case.actors}
    weights = [positions[a].salience.value / 100 * capability[a] for a in positions]
    expected = nash_bargaining_reference(
        [positions[a].position.value for a in positions], weights, 30
    )
    assert issue.point["nash-reference"] == pytest.approx(expected)
    listed = [row.model for row in issue.calibrated.models]
    assert "nash-reference" in listed and len(listed) == 5


def test_without_a_reference_point_the_model_is_absent(tmp_path: Path) -> None:
    case = load_case(_case(tmp_path, MINIMAL))
    results = analyse(case, RunSettings(n_runs=50, seed=3), only=["bargaining"])
    (issue,) = results.bargaining.issues
    assert "nash-reference" not in issue.point and issue.reference is None


def test_a_reference_off_the_scale_is_a_located_error(tmp_path: Path) -> None:
    text = WITH_REFERENCE.replace("value = 30, assumption", "value = 130, assumption")
    with pytest.raises(CaseError) as raised:
        load_case(_case(tmp_path, text))
    message = str(raised.value.problems[0])
    assert "reference" in message and "case.toml:" in message


def test_the_report_says_which_forecast_to_trust(analysed: tuple[object, dict]) -> None:
    case, results = analysed
    html = " ".join(unescape(bargaining_section(case, results, Page())).split())
    record = results.bargaining.track_record
    assert "Which forecast to trust" in html
    assert "not a post-war settlement" in html
    assert f"{record.records} decided issues" in html
    assert "uses an issue's reference point" in html
    assert "sensitivity to the judgments" in html


def test_a_case_with_recorded_outcomes_adds_its_own_record(tmp_path: Path) -> None:
    case = load_case(_case(tmp_path, MINIMAL))
    results = analyse(case, RunSettings(n_runs=50, seed=3), only=["bargaining"])
    from realpolitik.backtest import backtest

    results.backtest = backtest(case, results)
    (score,) = results.backtest.issues
    (issue,) = results.bargaining.issues
    for row in issue.calibrated.models:
        low, high = row.interval_90
        assert score.in_calibrated_90[row.model] == (low <= score.observed <= high)
    html = " ".join(unescape(bargaining_section(case, results, Page())).split())
    assert "This case's own record: 1 recorded outcome" in html
