"""'Validates' means 'runs': a mutated case either fails validation with our CaseError or
completes the main job; a mutated ScenarioWizard or CSV file either reads or fails with our
ScenarioError. Never anything else.

The case mutations work on the fixture's text (tests/data/minimal.toml), so that every mutant
is still TOML and reaches the checks behind the parser: numbers become NaN, infinite, huge,
tiny or negative; strings become non-ASCII, empty, very long, or other ids (known ones of
another kind, unknown ones, references to missing variants); whole tables are removed or
duplicated. Bounded for CI: 100 case mutants (about one in six validates and runs the whole
job) and 500 file mutants; the module takes about 40 s on the 2-core development machine.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game_builders import a_cell, judged, table_game
from paths import DATA
from realpolitik.analysis import RunSettings, analyse, dumps
from realpolitik.case import CaseError, parse_case
from realpolitik.games import NormalGame, to_gambit
from realpolitik.scenarios import (
    ScenarioError,
    read_csv_matrix,
    read_scw,
    read_scw_document,
    read_sl_document,
    write_csv_matrix,
)
from realpolitik.scenarios.scw import sl_text
from test_scenarios_helpers import SOMEWHERELAND

TEXT = (DATA / "minimal.toml").read_text(encoding="utf-8")
FILE = Path("mutant.toml")
SMALL = RunSettings(n_runs=20, game_draws=5, scenario_draws=5, sensitivity_samples=8, seed=1)

NUMBER = re.compile(r"(?<![\w.\-\"])-?\d+(?:\.\d+)?(?![\w.\-])")
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
HEADER = re.compile(r"^\[\[?[^\]\n]+\]\]?[ \t]*$", re.MULTILINE)

NUMBERS = ["nan", "inf", "-inf", "+inf", "1e308", "-1e308", "1e9", "-1e9", "1e-300", "-0.0",
           "0", "1", "-1", "-5", "2", "3", "7", "100", "101", "0.5", "0.999999"]  # fmt: skip
KNOWN_IDS = ["north", "south", "broker", "chance", "essay", "later-news", "rivals-apart",
             "broker-strong", "border", "crisis", "stand-off", "relations", "calm", "tense",
             "active", "split", "luck", "clash", "status-quo", "south-moves", "hold", "give",
             "relations.calm", "broker-role.absent", "border-line.split"]  # fmt: skip
STRINGS = ["é", "Кризис — ☕", "\U0001d518\U0001d52b", "", " ", "x" * 5000, "\\u0000", "tab\\there",
           "nowhere", "relations.nowhere", "nowhere.calm", "a.b.c", "Upper"]  # fmt: skip


@st.composite
def mutants(draw: st.DrawFn) -> str:
    """The fixture with one to three targeted mutations."""
    text = TEXT
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["number", "number", "string", "string", "remove", "copy"]))
        if kind in ("number", "string"):
            tokens = list((NUMBER if kind == "number" else STRING).finditer(text))
            token = tokens[draw(st.integers(0, len(tokens) - 1))]
            if kind == "number":
                new = draw(st.sampled_from(NUMBERS) | st.integers(-(10**12), 10**12).map(str))
            else:
                new = '"' + draw(st.sampled_from(STRINGS + KNOWN_IDS)) + '"'
            text = text[: token.start()] + new + text[token.end() :]
        else:
            starts = [match.start() for match in HEADER.finditer(text)]
            index = draw(st.integers(0, len(starts) - 1))
            start = starts[index]
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            block = text[start:end]
            text = (
                text[:start] + text[end:] if kind == "remove" else text[:end] + block + text[end:]
            )
    return text


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutants())
def test_a_mutated_case_fails_validation_or_runs(text: str) -> None:
    raw = text.encode("utf-8")
    try:
        case = parse_case(raw, FILE)
    except CaseError as error:
        event("refused by validation")
        lines = raw.count(b"\n") + 1
        for problem in error.problems:
            assert problem.file == FILE and problem.message and problem.fix
            assert problem.line is None or 1 <= problem.line <= lines
        return
    event("ran")
    results = analyse(case, SMALL)
    json.loads(dumps(results))  # finite numbers only, as results.json requires


def test_hand_found_mutants_run() -> None:
    """The findings that once validated and then crashed the run, now run or are refused."""
    runs = [
        ('title = "A border crisis"', 'title = "Кризис на границе ☕"'),  # Gambit's ASCII
        ('title = "Stand-off"', 'title = "Café\\u0000"'),
    ]
    for old, new in runs:
        case = parse_case(TEXT.replace(old, new).encode(), FILE)
        solved = analyse(case, SMALL, only=["games"]).games
        assert solved is not None
        assert [game.title for game in solved.games] == [game.title for game in case.games]
    refused = [
        ("north = { value = 2, evidence", "north = { value = nan, evidence"),
        ("north = { value = 2, evidence", "north = { value = inf, evidence"),
        ("sd = 0.5", "sd = inf"),
        ('implies = ["relations.tense"]', 'implies = ["relations.nowhere"]'),
    ]
    for old, new in refused:
        try:
            parse_case(TEXT.replace(old, new).encode(), FILE)
        except CaseError:
            continue
        raise AssertionError(f"{new!r} validated")


def _table(title: str, strategy: str) -> NormalGame:
    cells = tuple(
        a_cell({"a": strategy, "b": other}, {"a": judged(1), "b": judged(float(k))})
        for k, other in enumerate(("x", "y"))
    )
    return table_game("g", ("a", "b"), {"a": (strategy,), "b": ("x", "y")}, cells, title=title)


def test_gambit_gets_ascii_while_our_models_keep_their_text() -> None:
    game = _table("Кризис на границе ☕, café", "hold")
    # Accents dropped, anything else escaped: ASCII, and still telling.
    title = to_gambit(game).title
    assert title.isascii()
    assert title.startswith("\\u041a\\u0440") and title.endswith("\\u2615, cafe")
    assert game.title == "Кризис на границе ☕, café"
    # Ids are read back from Gambit's labels: the game model itself holds them to lower-case
    # ASCII identifiers, so one Gambit could not carry never reaches it.
    with pytest.raises(ValueError, match="should match pattern"):
        _table("t", "hôld")


# -- the readers of the `scenarios` command ---------------------------------------------------

MATRIX = read_scw(SOMEWHERELAND)
READERS = {
    "scw": SOMEWHERELAND.read_bytes(),
    "sl": sl_text(MATRIX, [(2, 0, 2, 1, 0, 0), (0, 2, 1, 0, 0, 2)]).encode(),
}
PIECES = [b"", b",", b";", b"#", b"&", b" -", b'"', b"\x00", b"\r\n", b"\n", b"\t",
          "é".encode(), "²".encode(), "٣".encode(), b"1e999", b"nan", b"-", b"99999999999",
          b"\xff\xfe", b"\xef\xbb\xbf", b"x" * 140_000, b"$ ScenarioWizard 4.0\n"]  # fmt: skip


def _csv_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "matrix.csv"
        write_csv_matrix(MATRIX, path)
        return path.read_bytes()


READERS["csv"] = _csv_bytes()


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(READERS)))
    data = bytearray(READERS[kind])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "line", "bytes"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(PIECES))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "line":
            lines = bytes(data).split(b"\n")
            copied = lines[draw(st.integers(0, len(lines) - 1))]
            lines.insert(draw(st.integers(0, len(lines))), copied)
            data = bytearray(b"\n".join(lines))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
    return kind, bytes(data)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(files())
def test_a_mutated_scenario_file_reads_or_fails_with_a_located_scenario_error(
    file: tuple[str, bytes],
) -> None:
    kind, data = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mutant.{kind}"
        path.write_bytes(data)
        try:
            if kind == "scw":
                matrix = read_scw_document(path).matrix
            elif kind == "csv":
                matrix = read_csv_matrix(path)
            else:
                read_sl_document(path, MATRIX)
                return
        except ScenarioError as error:
            assert str(path) in str(error)
            return
    assert np.all(np.isfinite(matrix.impacts))
