"""The bargaining stage's typed results: what the stage returns, and its JSON read back."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from paths import DATA
from realpolitik.analysis import RunSettings, analyse
from realpolitik.bargaining import EumOptions
from realpolitik.case import load_case
from realpolitik.results import RunResults, dumps, loads
from realpolitik.results.bargaining import BargainingIssue, BargainingResults


@pytest.fixture(scope="module")
def results() -> RunResults:
    case = load_case(DATA / "minimal.toml")
    return analyse(case, RunSettings(n_runs=40, sensitivity_samples=8, seed=4), only=["bargaining"])


def test_the_stage_returns_its_model(results: RunResults) -> None:
    bargaining = results.bargaining
    assert isinstance(bargaining, BargainingResults)
    (issue,) = bargaining.issues
    assert isinstance(issue, BargainingIssue)
    assert set(issue.monte_carlo.summaries) == set(bargaining.models)
    assert issue.eum.parameters.options == EumOptions()
    assert issue.calibrated.models[0].model == issue.calibrated.lead
    # The Sobol ranking and each swing are worked out when the results are made.
    sobol = issue.sensitivity.sobol
    assert sorted(sobol.ranking) == sorted(sobol.names)
    for bar in issue.sensitivity.swings:
        assert bar.swing == bar.output_at_high - bar.output_at_low


def test_results_read_back_dump_the_same_bytes(results: RunResults) -> None:
    text = dumps(results)
    again = loads(text)
    assert dumps(again) == text
    first, back = results.bargaining.issues[0], again.bargaining.issues[0]
    assert back.sensitivity == first.sensitivity
    assert back.eum == first.eum and back.calibrated == first.calibrated
    # The per-run forecasts stay out of the JSON form, so they do not come back.
    assert first.monte_carlo.summaries["eum"].forecasts
    assert back.monte_carlo.summaries["eum"].forecasts == []


def test_json_with_a_field_it_does_not_know_is_refused(results: RunResults) -> None:
    data = json.loads(dumps(results))
    data["bargaining"]["issues"][0]["sensitivity"]["sobol"]["second_order"] = []
    with pytest.raises(ValidationError, match="second_order"):
        loads(json.dumps(data))
    data = json.loads(dumps(results))
    options = data["bargaining"]["issues"][0]["eum"]["parameters"]["options"]
    options["offer_view"] = "nobody"
    with pytest.raises(ValidationError, match="offer_view"):
        loads(json.dumps(data))
    del options["offer_view"]
    options["offer_views"] = "receiver"
    with pytest.raises(ValidationError, match="offer_views"):
        loads(json.dumps(data))
