"""Sealed forecasts: the ledger's hash chain, sealing, tampering found at its line, grading
with the backtest's own scores, and the `seal` and `grade` commands."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outcomes import MORE_OUTCOMES
from paths import DATA
from realpolitik.analysis import RunSettings
from realpolitik.case import Case, load_case
from realpolitik.cli import app
from realpolitik.runner import run_and_record
from realpolitik.store import (
    LedgerError,
    get_run,
    grade_entry,
    ledger_path,
    read_ledger,
    results_sha256,
    seal_run,
    utc_text,
    verify_ledger,
)
from realpolitik.store.ledger import GENESIS, canonical_json, sha256_hex

MINIMAL = DATA / "minimal.toml"
QUICK = RunSettings(n_runs=60, seed=5, sensitivity_samples=8, game_draws=20, scenario_draws=20)
N_RUNS = 2  # runs recorded in the shared store (the main job takes about 2 s a run)

runner = CliRunner()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A case with an outcome of every kind, the same case without outcomes, and a store
    holding N_RUNS runs of it (different seeds) made by the main job."""
    folder = tmp_path_factory.mktemp("made")
    (folder / "case.toml").write_text(MINIMAL.read_text() + MORE_OUTCOMES)
    (folder / "bare").mkdir()
    (folder / "bare" / "case.toml").write_text(MINIMAL.read_text().split("[[outcomes]]")[0])
    case = load_case(folder / "case.toml")
    store = folder / "store" / "runs.sqlite"
    outputs = [
        run_and_record(case, replace(QUICK, seed=seed), folder / f"out{seed}", store, charts=False)
        for seed in range(QUICK.seed, QUICK.seed + N_RUNS)
    ]
    return {
        "case": case,
        "case_file": folder / "case.toml",
        "bare_file": folder / "bare" / "case.toml",
        "store": store,
        "outputs": outputs,
    }


def _fresh_store(made: dict[str, Any], folder: Path) -> Path:
    """A copy of the shared store, with no ledger beside it yet."""
    store = folder / "runs.sqlite"
    shutil.copyfile(made["store"], store)
    return store


def test_sealing_records_the_forecasts_the_backtest_scores(
    made: dict[str, Any], tmp_path: Path
) -> None:
    store = _fresh_store(made, tmp_path)
    output = made["outputs"][0]
    entry = seal_run(store, output.run_id, note="before the summit")
    assert (entry.sequence, entry.previous, entry.note) == (1, GENESIS, "before the summit")
    assert (entry.run_id, entry.store, entry.case_id) == (output.run_id, "runs.sqlite", "minimal")
    assert entry.case_sha256 == made["case"].digest
    # The results hash is the same from the store and from the run's results.json.
    on_disk = json.loads(output.results_path.read_text(encoding="utf-8"))
    assert (
        entry.results_sha256
        == results_sha256(on_disk)
        == results_sha256(output.results.json_data())
    )
    assert entry.sealed_at.tzinfo is not None and entry.sealed_at.utcoffset() == dt.timedelta(0)
    (issue,) = entry.forecasts.issues
    results = output.results
    assert results.bargaining is not None
    assert issue.point == results.bargaining.issues[0].point
    band = results.bargaining.issues[0].monte_carlo.summaries["eum"]
    assert issue.bands["eum"].interval_90 == band.interval_90
    sealed = {d.id: d.probabilities for d in entry.forecasts.descriptors}
    assert set(sealed) == {"relations", "broker-role", "border-line"}
    assert sum(sealed["relations"].values()) == pytest.approx(1)
    assert {g.id for g in entry.forecasts.games} == {"crisis", "stand-off"}
    # The line on disk is the entry's canonical JSON, hashed without its own hash.
    line = ledger_path(store).read_text(encoding="utf-8")
    assert line == entry.line() + "\n"
    content = {k: v for k, v in json.loads(line).items() if k != "entry_sha256"}
    assert entry.entry_sha256 == sha256_hex(canonical_json(content))


def test_sealing_twice_unknown_runs_and_missing_stores_are_refused(
    made: dict[str, Any], tmp_path: Path
) -> None:
    store = _fresh_store(made, tmp_path)
    run_id = made["outputs"][0].run_id
    first = seal_run(store, run_id)
    with pytest.raises(
        LedgerError, match=f"run {run_id} of runs.sqlite is already sealed as entry 1"
    ):
        seal_run(store, run_id)
    with pytest.raises(LedgerError, match="run 99 is not in"):
        seal_run(store, 99)
    with pytest.raises(LedgerError, match="there is no run store at"):
        seal_run(tmp_path / "elsewhere" / "runs.sqlite", run_id)
    assert not (tmp_path / "elsewhere").exists()  # a wrong --store creates nothing
    assert read_ledger(ledger_path(store)) == [first]


def test_sealed_runs_chain(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    entries = [seal_run(store, output.run_id) for output in made["outputs"]]
    lines = ledger_path(store).read_bytes().split(b"\n")
    assert [entry.sequence for entry in entries] == [1, 2]
    for before, line, entry in zip(lines, lines[1:], entries[1:], strict=False):
        assert entry.previous == hashlib.sha256(before).hexdigest()
        assert line.decode("utf-8") == entry.line()
    check = verify_ledger(ledger_path(store))
    assert check.ok and check.entries == 2 and check.last_sha256 == entries[-1].entry_sha256
    assert "2 entries, chain intact" in check.describe()
    assert read_ledger(ledger_path(store)) == entries


def test_appends_from_several_threads_do_not_interleave(
    made: dict[str, Any], tmp_path: Path
) -> None:
    store = _fresh_store(made, tmp_path)
    with ThreadPoolExecutor(max_workers=N_RUNS) as pool:
        sealed = list(pool.map(lambda output: seal_run(store, output.run_id), made["outputs"]))
    check = verify_ledger(ledger_path(store))
    assert check.ok and check.entries == N_RUNS
    assert sorted(entry.sequence for entry in sealed) == list(range(1, N_RUNS + 1))


@pytest.fixture(scope="module")
def sealed_ledger(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a ledger holding every run of the shared store."""
    store = _fresh_store(made, tmp_path_factory.mktemp("sealed"))
    for output in made["outputs"]:
        seal_run(store, output.run_id)
    return ledger_path(store).read_bytes()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_changing_any_byte_of_a_line_is_found_at_that_line(
    sealed_ledger: bytes, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    lines = sealed_ledger.split(b"\n")[:-1]
    number = data.draw(st.integers(1, len(lines)), label="line")
    start = sum(len(line) + 1 for line in lines[: number - 1])
    at = start + data.draw(st.integers(0, len(lines[number - 1]) - 1), label="offset")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != sealed_ledger[at]), label="byte")
    tampered = bytearray(sealed_ledger)
    tampered[at] = byte
    path = tmp_path_factory.mktemp("tampered") / "ledger.jsonl"
    path.write_bytes(bytes(tampered))
    check = verify_ledger(path)
    assert check.broken_line == number, check.describe()
    assert check.entries == number - 1
    assert check.describe().startswith(f"{path}:{number}: ")


def test_a_changed_line_with_a_recomputed_hash_breaks_the_next_line(
    sealed_ledger: bytes, tmp_path: Path
) -> None:
    lines = sealed_ledger.split(b"\n")[:-1]
    data = json.loads(lines[0])
    data["forecasts"]["issues"][0]["point"]["eum"] = 99.0  # a better-looking forecast
    del data["entry_sha256"]
    data["entry_sha256"] = sha256_hex(canonical_json(data))
    forged = canonical_json(data).encode("utf-8")
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(b"\n".join([forged, *lines[1:]]) + b"\n")
    check = verify_ledger(path)
    assert check.broken_line == 2 and "an earlier line was changed" in (check.problem or "")


def test_removed_lines_and_an_interrupted_append_are_found(
    sealed_ledger: bytes, tmp_path: Path
) -> None:
    lines = sealed_ledger.split(b"\n")[:-1]
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(b"\n".join(lines[1:]) + b"\n")
    assert verify_ledger(path).broken_line == 1  # sequence 2 on line 1
    path.write_bytes(sealed_ledger[:-20])
    check = verify_ledger(path)
    assert check.broken_line == len(lines) and "no newline" in (check.problem or "")
    assert check.entries == len(lines) - 1


def test_sealing_on_a_broken_ledger_is_refused(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    seal_run(store, made["outputs"][0].run_id)
    ledger = ledger_path(store)
    ledger.write_bytes(ledger.read_bytes().replace(b'"sequence":1', b'"sequence":7'))
    before = ledger.read_bytes()
    with pytest.raises(LedgerError, match=r"ledger\.jsonl:1: ") as caught:
        seal_run(store, made["outputs"][1].run_id)
    assert "restore ledger.jsonl" in caught.value.fix
    assert ledger.read_bytes() == before  # nothing appended


def _scores_by_outcome(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {score["outcome"]: score for score in [*data["issues"], *data["categories"]]}


def test_grading_gives_the_backtest_scores_of_the_same_run(
    made: dict[str, Any], tmp_path: Path
) -> None:
    store = _fresh_store(made, tmp_path)
    output = made["outputs"][1]
    graded = grade_entry(seal_run(store, output.run_id), made["case"])
    assert graded.status == "graded" and graded.unscored == ()
    expected = _scores_by_outcome(get_run(store, output.run_id).results["backtest"])
    found = _scores_by_outcome(graded.model_dump(mode="json"))
    assert set(found) == {"border-settled", "relations-soured", "crisis-ended"} == set(expected)
    issue = found["border-settled"]
    assert issue["errors"] == expected["border-settled"]["errors"]  # exactly the same
    assert issue["in_band_90"] == expected["border-settled"]["in_band_90"]
    for outcome in ("relations-soured", "crisis-ended"):
        assert found[outcome]["brier"] == pytest.approx(expected[outcome]["brier"])
        assert found[outcome]["probabilities"] == pytest.approx(expected[outcome]["probabilities"])
        assert found[outcome]["top"] == expected[outcome]["top"]
    assert (
        graded.summary is not None
        and graded.summary.mean_absolute_error == expected["border-settled"]["errors"]
    )
    # The outcomes are dated 2023: they were known when the forecast was sealed today.
    assert all(timing.known_at_sealing for timing in graded.timing)


def test_outcomes_dated_after_sealing_are_not_flagged(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    on_the_day = dt.datetime(2023, 9, 30, 23, 0, tzinfo=dt.UTC)
    before = seal_run(store, made["outputs"][0].run_id, now=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    same_day = seal_run(store, made["outputs"][1].run_id, now=on_the_day)
    assert not any(t.known_at_sealing for t in grade_entry(before, made["case"]).timing)
    assert all(t.known_at_sealing for t in grade_entry(same_day, made["case"]).timing)


def test_entries_without_outcomes_are_awaiting(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    entry = seal_run(store, made["outputs"][0].run_id)
    no_case = grade_entry(entry, None)
    assert no_case.status == "awaiting outcomes" and "no case file" in (no_case.why_awaiting or "")
    bare: Case = load_case(made["bare_file"])
    no_outcomes = grade_entry(entry, bare)
    assert no_outcomes.status == "awaiting outcomes"
    assert "records no outcomes" in (no_outcomes.why_awaiting or "")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_seal_command(made: dict[str, Any], tmp_path: Path) -> None:
    store = str(_fresh_store(made, tmp_path))
    first, second = (str(output.run_id) for output in made["outputs"][:2])
    sealed = runner.invoke(app, ["seal", first, "--store", store, "--note", "pre-summit"])
    assert sealed.exit_code == 0, sealed.output
    entry = read_ledger(ledger_path(Path(store)))[0]
    assert f"as entry 1 of {ledger_path(Path(store))}" in _flat(sealed.output)
    assert entry.entry_sha256 in sealed.output and utc_text(entry.sealed_at) in sealed.output
    as_json = runner.invoke(app, ["seal", second, "--store", store, "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["entry"]["sequence"] == 2 and data["entry"]["previous"] != GENESIS
    again = runner.invoke(app, ["seal", first, "--store", store])
    assert again.exit_code == 2
    assert "is already sealed as entry 1" in _flat(again.output)
    missing = runner.invoke(app, ["seal", "99", "--store", store])
    assert missing.exit_code == 2 and "run 99 is not in" in _flat(missing.output)
    assert "Traceback" not in missing.output


def test_grade_command(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    run_id = made["outputs"][0].run_id
    seal_run(store, run_id)
    awaiting = runner.invoke(app, ["grade", "--store", str(store)])
    assert awaiting.exit_code == 0, awaiting.output
    assert "chain intact" in _flat(awaiting.output) and "awaiting outcomes" in awaiting.output
    graded = runner.invoke(app, ["grade", "--store", str(store), "--case", str(made["case_file"])])
    assert graded.exit_code == 0, graded.output
    text = _flat(graded.output)
    assert "known at sealing" in text and "mean absolute error" in text and "Brier" in text
    as_json = runner.invoke(
        app, ["grade", "--store", str(store), "--case", str(made["case_file"]), "--json"]
    )
    data = json.loads(as_json.stdout)
    assert data["chain"]["ok"] and data["chain"]["entries"] == 1
    (entry,) = data["entries"]
    assert entry["status"] == "graded" and entry["entry"]["run_id"] == run_id
    expected = get_run(store, run_id).results["backtest"]["issues"][0]["errors"]
    assert entry["issues"][0]["errors"] == expected
    unmatched = runner.invoke(
        app, ["grade", "--store", str(store), "--case", "south-caucasus-2021"]
    )
    assert unmatched.exit_code == 0 and "no sealed entry is for the case" in unmatched.output


def test_grade_command_refuses_bad_input(made: dict[str, Any], tmp_path: Path) -> None:
    store = _fresh_store(made, tmp_path)
    seal_run(store, made["outputs"][0].run_id)
    bad_case = tmp_path / "bad.toml"
    bad_case.write_text("[case]\nid = 'x'\n")
    located = runner.invoke(app, ["grade", "--store", str(store), "--case", str(bad_case)])
    assert located.exit_code == 2 and "bad.toml" in located.output
    twice = runner.invoke(
        app,
        ["grade", "--store", str(store), "--case", str(made["case_file"]),
         "--case", str(made["case_file"])],
    )  # fmt: skip
    assert twice.exit_code == 2 and "are both case 'minimal'" in _flat(twice.output)
    ledger = ledger_path(store)
    ledger.write_bytes(ledger.read_bytes().replace(b'"note":null', b'"note":"edited"'))
    broken = runner.invoke(app, ["grade", "--store", str(store), "--json"])
    assert broken.exit_code == 2
    assert f"{ledger}:1: entry_sha256 does not match" in _flat(broken.output)
    assert "Traceback" not in broken.output
