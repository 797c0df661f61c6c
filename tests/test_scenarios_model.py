"""Matrix model, balances, the reference enumerator and ScenarioWizard files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.scenarios import (
    CrossImpactMatrix,
    ScenarioError,
    consistent_scenarios,
    describe,
    descriptor_inconsistencies,
    impact_balances,
    inconsistency,
    is_consistent,
    read_csv_matrix,
    read_scw,
    read_scw_document,
    read_sl,
    reference_consistent,
    total_impact_score,
    write_csv_matrix,
    write_scw,
)
from realpolitik.scenarios.scw import scw_text
from test_scenarios_helpers import PUBLISHED, SOMEWHERELAND, code_to_scenario, random_matrix


@pytest.fixture(scope="module")
def somewhereland() -> CrossImpactMatrix:
    return read_scw(SOMEWHERELAND)


def test_somewhereland_structure(somewhereland: CrossImpactMatrix) -> None:
    assert somewhereland.descriptors == ("A", "B", "C", "D", "E", "F")
    assert somewhereland.n_variants == (3, 3, 3, 2, 3, 3)
    assert somewhereland.space_size == 486
    assert somewhereland.title == "somewhereland.scw"
    # First row of the file: A1 hinders B1 by 2 and promotes B2, B3 by 1.
    assert somewhereland.impacts[0, 3:6].tolist() == [-2, 1, 1]


def test_somewhereland_published_consistent_scenarios(somewhereland: CrossImpactMatrix) -> None:
    found = reference_consistent(somewhereland, tolerance=0)
    assert sorted(found) == sorted(code_to_scenario(code) for code in PUBLISHED)
    scores = [total_impact_score(somewhereland, z) for z in found]
    assert min(scores) == 8 and max(scores) == 21
    assert all(inconsistency(somewhereland, z) == 0 for z in found)


def test_balances_by_hand(somewhereland: CrossImpactMatrix) -> None:
    z = code_to_scenario("A1B3C2D1E1F3")
    balances = impact_balances(somewhereland, z)
    # Balance of A's variants: sum of the column blocks A under rows B3, C2, D1, E1, F3.
    rows = [0, 3 + 2, 6 + 1, 9 + 0, 11 + 0, 14 + 2]
    expected = somewhereland.impacts[rows].sum(axis=0)
    assert balances.tolist() == expected.tolist()
    # Onto A: B3 gives (3, -1, -2), C2 gives (-1, 2, -1), D1, E1 and F3 give nothing.
    assert balances[0:3].tolist() == [2, 1, -3]
    assert descriptor_inconsistencies(somewhereland, z).max() == 0
    assert is_consistent(somewhereland, z)


def test_inconsistency_and_tolerance(somewhereland: CrossImpactMatrix) -> None:
    z = (0, 0, 0, 0, 0, 0)
    ic = descriptor_inconsistencies(somewhereland, z)
    assert inconsistency(somewhereland, z) == ic.max() > 0
    assert not is_consistent(somewhereland, z, tolerance=ic.max() - 1)
    assert is_consistent(somewhereland, z, tolerance=ic.max())
    worst = int(np.argmax(ic))
    assert inconsistency(somewhereland, z, exempt=[worst]) <= ic.max()
    result = describe(somewhereland, z)
    assert result.label == "A1 B1 C1 D1 E1 F1"


def test_tolerance_grows_the_set(somewhereland: CrossImpactMatrix) -> None:
    sizes = [len(reference_consistent(somewhereland, tolerance=t)) for t in (0, 1, 2, 3)]
    assert sizes[0] == 10
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]


def test_scw_writes_back_the_same_text() -> None:
    document = read_scw_document(SOMEWHERELAND)
    assert document.row_style == "spaced"
    text = scw_text(
        document.matrix, document.sections, document.explanations, row_style=document.row_style
    )
    assert text == SOMEWHERELAND.read_text()


def test_scw_round_trip_random(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    matrix = random_matrix(rng, [2, 4, 3, 5])
    impacts = matrix.impacts.copy()
    impacts[0, 2] = 1.5  # fractional judgments survive too
    matrix = CrossImpactMatrix(
        ("Government", "Foreign policy", "Economy", "Ümlaut"),
        matrix.variants,
        impacts,
        title="test",
    )
    document_path = tmp_path / "m.scw"
    write_scw(matrix, document_path, explanations="A note\nsecond line")
    document = read_scw_document(document_path)
    assert document.matrix.descriptors == matrix.descriptors
    assert document.matrix.variants == matrix.variants
    assert np.array_equal(document.matrix.impacts, matrix.impacts)
    assert document.explanations == "A note\nsecond line"
    assert document.sections == ((), (), (), ())
    assert document.row_style == "scenariowizard"
    spaced = tmp_path / "spaced.scw"
    write_scw(matrix, spaced, row_style="spaced")
    again = read_scw_document(spaced)
    assert again.row_style == "spaced"
    assert np.array_equal(again.matrix.impacts, matrix.impacts)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.scw"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello\n", "line 1"),
        ("$ ScenarioWizard 4.0\nt\n -X1\n#\n", "line 3: variant line before"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\nfoo\n#\n", "line 7"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\n#\n0 , 1\n1 , x\n#\n", "line 9, column 2"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\n#\n0 , 1\n1 , 0 , 2\n#\n", "line 9"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\n#\n0 , 1\n#\n", "1 rows"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\n#\n0 , 1\n1 , 0\n", "not closed"),
        ("$ ScenarioWizard 4.0\nt\n&A\n -A1\n&B\n -B1\n", "never closed"),
        ("$ ScenarioWizard 4.0\nt\n&A\n&B\n -B1\n#\n", "line 3: descriptor 'A' has no"),
    ],
)
def test_scw_errors_are_located(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_scw(_write(tmp_path, text))


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot be read"):
        read_scw(tmp_path / "nope.scw")


def test_write_refuses_weights(somewhereland: CrossImpactMatrix, tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="weights"):
        write_scw(somewhereland.with_weights(np.full(6, 2.0)), tmp_path / "w.scw")


def test_sl_reader(somewhereland: CrossImpactMatrix, tmp_path: Path) -> None:
    path = tmp_path / "s.sl"
    path.write_text("$ solutions\n1 3 2 1 1 3\n# comment\n\nA3, B1, C3, D2, E1, F1\n")
    assert read_sl(path, somewhereland) == [(0, 2, 1, 0, 0, 2), (2, 0, 2, 1, 0, 0)]
    path.write_text("1 3 2 1 1\n")
    with pytest.raises(ScenarioError, match="line 1: 5 entries"):
        read_sl(path, somewhereland)
    path.write_text("1 3 2 3 1 1\n")
    with pytest.raises(ScenarioError, match="line 1: '3' is not a variant of descriptor 'D'"):
        read_sl(path, somewhereland)


def test_csv_round_trip(somewhereland: CrossImpactMatrix, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    write_csv_matrix(somewhereland, path)
    back = read_csv_matrix(path)
    assert back.descriptors == somewhereland.descriptors
    assert back.variants == somewhereland.variants
    assert np.array_equal(back.impacts, somewhereland.impacts)
    text = path.read_text().splitlines()
    text[3] = text[3].replace("A,A2,0", "A,A2,zz", 1)
    path.write_text("\n".join(text))
    with pytest.raises(ScenarioError, match="line 4, column 3"):
        read_csv_matrix(path)


def test_matrix_validation() -> None:
    with pytest.raises(ScenarioError, match="square 3x3"):
        CrossImpactMatrix(("A", "B"), (("a1", "a2"), ("b1",)), np.zeros((2, 2)))
    with pytest.raises(ScenarioError, match="weights"):
        CrossImpactMatrix(("A",), (("a1",),), np.zeros((1, 1)), np.ones(2))


def test_names_and_fixed(somewhereland: CrossImpactMatrix) -> None:
    assert somewhereland.resolve_fixed({"B": "B3", 0: 1}) == {1: 2, 0: 1}
    with pytest.raises(ScenarioError, match="unknown descriptor 'Z'"):
        somewhereland.resolve_fixed({"Z": "Z1"})
    with pytest.raises(ScenarioError, match="has no variant 'B9'"):
        somewhereland.resolve_fixed({"B": "B9"})
    with pytest.raises(ScenarioError, match="6 descriptors"):
        somewhereland.check_scenario((0, 0))


def test_weights_and_transposition(somewhereland: CrossImpactMatrix) -> None:
    doubled = somewhereland.with_weights(np.full(6, 2.0))
    # Scaling every descriptor alike scales every balance: the consistent set is unchanged.
    assert reference_consistent(doubled) == reference_consistent(somewhereland)
    z = code_to_scenario("A1B3C2D1E1F3")
    weights = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.0])
    weighted = somewhereland.with_weights(weights)
    rows = [somewhereland.offsets[i] + v for i, v in enumerate(z)]
    expected = (somewhereland.impacts[rows] * weights[:, None]).sum(axis=0)
    assert np.allclose(impact_balances(weighted, z), expected)
    transposed = somewhereland.transposed()
    assert np.array_equal(transposed.impacts, somewhereland.impacts.T)
    assert np.array_equal(transposed.transposed().impacts, somewhereland.impacts)
    assert [s.variants for s in consistent_scenarios(transposed).scenarios] == (
        reference_consistent(transposed)
    )


def test_self_impacts_are_kept_and_named(tmp_path: Path) -> None:
    """ScenarioWizard opens matrices with nonzero diagonal blocks; so do we, and we say so."""
    path = _write(
        tmp_path,
        "$ ScenarioWizard 4.0\nt\n&A\n -A1\n -A2\n&B\n -B1\n#\n15 ,-11 , 1\n0 , 0 , 1\n"
        "1 , 1 , 0\n#\n",
    )
    matrix = read_scw(path)
    assert matrix.impacts[0, 0] == 15 and matrix.impacts[0, 1] == -11
    assert matrix.self_impacting() == (0,)
    assert CrossImpactMatrix(("A", "B"), (("a1", "a2"), ("b1",)), np.eye(3)).self_impacting() == (
        0,
        1,
    )
