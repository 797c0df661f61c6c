"""The [scenarios.dynamics] section: a valid one loads, every fault names its field and fix,
and the pathways stage, the report and `scenarios --periods` use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from partial_results import partial_results
from paths import DATA
from realpolitik.analysis.core import RunSettings
from realpolitik.analysis.dynamics_stage import dynamics_stage
from realpolitik.case import CaseError, parse_case
from realpolitik.cli import app
from realpolitik.results import dumps, loads

DYNAMICS = """
[scenarios.dynamics]
periods = [
  { id = "first", name = "2021-2025", start = 2021, end = 2025, evidence = ["rivals-apart"] },
  { id = "second", name = "2025-2030", start = 2025, end = 2030, assumption = "five more years" },
]

[[scenarios.dynamics.exogenous]]
descriptor = "border-line"
trajectory = [
  { period = "first", variant = "split", evidence = ["rivals-apart"] },
  { period = "second", variant = "north-line", assumption = "the north prevails" },
]

[[scenarios.dynamics.shocks]]
id = "broker-leaves"
period = "second"
descriptor = "broker-role"
variant = "absent"
assumption = "what if the broker walks away"

[[scenarios.dynamics.thresholds]]
id = "calm-pays"
title = "Calm years make the broker welcome"
when = ["relations.calm"]

[[scenarios.dynamics.thresholds.impacts]]
source = "relations.calm"
target = "broker-role.active"
value = 2
evidence = ["broker-strong"]
"""


def _text(extra: str = DYNAMICS) -> str:
    return (DATA / "minimal.toml").read_text(encoding="utf-8") + extra


def _problems(text: str) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_case(text.encode(), Path("minimal.toml"))
    return [str(p) for p in caught.value.problems]


def test_a_valid_section_loads() -> None:
    case = parse_case(_text().encode(), Path("minimal.toml"))
    dynamics = case.scenarios.dynamics
    assert dynamics is not None
    assert [p.name for p in dynamics.periods] == ["2021-2025", "2025-2030"]
    assert dynamics.thresholds[0].impacts[0].value == 2


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "start = 2025, end = 2030",
            "start = 2024, end = 2030",
            "periods[second].start",
            "before 'first' ends",
        ),
        (
            "start = 2025, end = 2030",
            "start = 2031, end = 2030",
            "periods[second]",
            "ends (2030) before it starts",
        ),
        (
            'variant = "north-line"',
            'variant = "east-line"',
            "trajectory[2].variant",
            "has no variant 'east-line'",
        ),
        (
            '{ period = "second", variant = "north-line", assumption = "the north prevails" },',
            "",
            "exogenous[1].trajectory",
            "no variant for 'second'",
        ),
        (
            'descriptor = "border-line"',
            'descriptor = "borderline"',
            "exogenous[1].descriptor",
            "unknown descriptor 'borderline'",
        ),
        (
            'period = "second"\ndescriptor',
            'period = "third"\ndescriptor',
            "shocks[broker-leaves].period",
            "unknown period 'third'",
        ),
        (
            'descriptor = "broker-role"\nvariant',
            'descriptor = "border-line"\nvariant',
            "shocks[broker-leaves]",
            "exogenous",
        ),
        (
            'when = ["relations.calm"]',
            'when = ["relations.stormy"]',
            "when[1]",
            "no variant 'stormy'",
        ),
        (
            'target = "broker-role.active"\nvalue = 2',
            'target = "relations.tense"\nvalue = 2',
            "impacts[1].target",
            "on itself",
        ),
        (
            'value = 2\nevidence = ["broker-strong"]\n',
            'value = 2\nevidence = ["nowhere"]\n',
            "evidence[1]",
            "unknown evidence 'nowhere'",
        ),
        (
            'assumption = "what if the broker walks away"',
            "",
            "shocks[broker-leaves]",
            "without evidence or assumption",
        ),
        ('when = ["relations.calm"]', "when = []", "when", "at least 1"),
    ],
)
def test_faults_name_the_field_and_the_fix(old: str, new: str, field: str, words: str) -> None:
    text = _text()
    assert old in text, old
    problems = _problems(text.replace(old, new, 1))
    hits = [p for p in problems if field in p and words in p]
    assert hits, problems
    assert all("; " in p for p in hits)  # message; fix


def test_overlapping_rules_are_refused() -> None:
    second = """
[[scenarios.dynamics.thresholds]]
id = "tense-pays"
title = "Tension also brings the broker in"
when = ["broker-role.absent"]

[[scenarios.dynamics.thresholds.impacts]]
source = "relations.calm"
target = "broker-role.absent"
value = -1
assumption = "a second rule on the same row"
"""
    problems = _problems(_text(DYNAMICS + second))
    assert any("'calm-pays' and 'tense-pays'" in p and "exclusive" in p for p in problems)


def test_rule_from_two_descriptors_is_refused() -> None:
    extra = """
[[scenarios.dynamics.thresholds.impacts]]
source = "broker-role.active"
target = "relations.calm"
value = 1
assumption = "a second source descriptor"
"""
    problems = _problems(_text(DYNAMICS + extra))
    assert any("one rule per source descriptor" in p for p in problems)


def test_stage_report_and_command() -> None:
    case = parse_case(_text().encode(), Path("minimal.toml"))
    block = dynamics_stage(case, RunSettings(scenario_draws=5), lambda stage, done: None)
    assert block is not None
    result = block.result
    assert result.complete and result.ensemble is not None and result.ensemble.n_draws == 5
    assert sum(p.share for p in result.pathways) == pytest.approx(1.0)
    for pathway in result.pathways:
        first, second = (next(o for o in result.outcomes if o.id == i) for i in pathway.outcomes)
        assert all(z["border-line"] == "split" for z in first.variants)
        assert all(z["border-line"] == "north-line" for z in second.variants)
        assert all(z["broker-role"] == "absent" for z in second.variants)

    from realpolitik.report.html import Page
    from realpolitik.report.pathways_section import pathways_section

    page = Page()
    html = pathways_section(case, partial_results(pathways=block), page)
    assert "Pathways" in html and "2025-2030" in html and page.figures
    assert "no periods" in pathways_section(case, partial_results(pathways=None), Page())


def test_scenarios_periods_command(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(_text(), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["scenarios", str(path), "--periods", "--json"])
    assert done.exit_code == 0, done.output
    assert '"pathways"' in done.output
    refused = runner.invoke(app, ["scenarios", str(path), "--periods", "--fix", "relations=calm"])
    assert refused.exit_code == 2 and "does not combine with --fix" in refused.output
    plain = tmp_path / "plain.toml"
    plain.write_text(_text(""), encoding="utf-8")
    missing = runner.invoke(app, ["scenarios", str(plain), "--periods"])
    assert missing.exit_code == 2 and "defines no periods" in missing.output


def test_pathways_json_is_identical_under_two_hash_seeds(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "case.toml").write_text(_text(), encoding="utf-8")
    outputs = []
    for hash_seed in ("1", "4"):
        finished = subprocess.run(
            [sys.executable, "-m", "realpolitik", "scenarios", "case.toml", "--periods",
             "--ensemble", "5", "--seed", "3", "--json"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        outputs.append(finished.stdout)
    assert outputs[0] == outputs[1]


def test_pathways_round_trip_and_foreign_pathways_are_refused() -> None:
    case = parse_case(_text().encode(), Path("minimal.toml"))
    block = dynamics_stage(case, RunSettings(scenario_draws=2), lambda s, d: None)
    results = partial_results(pathways=block)
    text = dumps(results)
    again = loads(text)
    assert again.pathways == block and dumps(again) == text
    foreign = json.loads(text)
    foreign["pathways"] = {"periods": []}  # another version's shape: refused when read
    with pytest.raises(ValidationError):
        loads(json.dumps(foreign))


def test_the_runs_succession_sample_samples_the_pathway_starts() -> None:
    case = parse_case(_text().encode(), Path("minimal.toml"))
    settings = RunSettings(scenario_draws=2, succession_sample=30)
    block = dynamics_stage(case, settings, lambda s, d: None)
    assert block is not None and not block.result.complete and block.result.n_starts == 30
