"""Spreadsheets in and out of a case, the canonical TOML writer, and `realpolitik new`."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from paths import DATA
from realpolitik.case import Case, CaseError, load_case, parse_case
from realpolitik.case.skeleton import skeleton, uncommented
from realpolitik.case.tabular import (
    TableError,
    apply_imports,
    read_impacts,
    read_positions,
    slug,
    write_csv,
    write_xlsx,
)
from realpolitik.case.write import case_toml
from realpolitik.cli import app

MINIMAL = DATA / "minimal.toml"
SOMEWHERELAND = Path(__file__).resolve().parents[1].parent / "shared/data/cib/somewhereland.scw"


def _same(one: Case, other: Case) -> bool:
    return one.model_dump() == other.model_dump()


def _reimport(case: Case, positions: Path, impacts: Path) -> Case:
    data, _ = apply_imports(case, read_positions(positions, case), read_impacts(impacts, case))
    return Case.model_validate(data)


@pytest.mark.parametrize("name", [str(MINIMAL), "south-caucasus-2021"])
def test_the_writer_gives_back_the_same_case(name: str) -> None:
    case = load_case(name)
    again = parse_case(case_toml(case).encode(), Path("written.toml"))
    assert _same(case, again)


@pytest.mark.parametrize("name", [str(MINIMAL), "south-caucasus-2021"])
def test_export_then_import_gives_the_same_case(tmp_path: Path, name: str) -> None:
    case = load_case(name)
    write_xlsx(case, tmp_path / "case.xlsx")
    assert _same(case, _reimport(case, tmp_path / "case.xlsx", tmp_path / "case.xlsx"))
    write_csv(case, tmp_path)
    assert _same(case, _reimport(case, tmp_path / "positions.csv", tmp_path / "impacts.csv"))


def test_a_matrix_alone_keeps_the_evidence_of_unchanged_cells(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    write_csv(case, tmp_path)
    again = _reimport(case, tmp_path / "positions.csv", tmp_path / "matrix.csv")
    assert _same(case, again)


def test_changed_numbers_become_assumptions_naming_the_file(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    table = tmp_path / "new-positions.csv"
    table.write_text("issue,actor,position,salience\nborder,north,10,90\n", encoding="utf-8")
    data, summary = apply_imports(case, read_positions(table, case), None)
    updated = Case.model_validate(data)
    north = updated.issue("border").positions[0]
    assert north.position.value == 10
    assert north.position.assumption == "imported from new-positions.csv"
    # The salience is unchanged (90): it keeps its evidence and its sd.
    assert north.salience == case.issue("border").positions[0].salience
    assert summary.positions_set == 1 and summary.assumed == 1
    # Positions the file does not name stay as they were.
    assert updated.issue("border").positions[1:] == case.issue("border").positions[1:]


def test_position_faults_name_file_sheet_cell_and_fix(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "border"
    sheet.append(["actor", "position", "salience", "salience_evidence"])
    sheet.append(["north", 10, 180, None])
    sheet.append(["suoth", 50, 50, None])
    sheet.append(["broker", 50, 50, "broker-stronk"])
    path = tmp_path / "positions.xlsx"
    book.save(path)
    with pytest.raises(TableError) as raised:
        read_positions(path, case)
    problems = raised.value.problems
    shown = [str(p) for p in problems]
    assert len(problems) == 3, shown
    salience, actor, evidence = problems
    assert (salience.file, salience.line) == (path, 2)
    assert salience.field == "sheet 'border', cell C2 (salience)"
    assert "0-100" in salience.fix
    assert actor.field == "sheet 'border', cell A3 (actor)"
    assert "unknown actor 'suoth'" in actor.message and "did you mean 'south'?" in actor.fix
    assert evidence.field == "sheet 'border', cell D4 (salience)"
    assert "did you mean 'broker-strong'?" in evidence.fix


def test_a_csv_needs_its_issue_column(tmp_path: Path) -> None:
    path = tmp_path / "positions.csv"
    path.write_text("actor,position,salience,colour\nnorth,1,2,red\n", encoding="utf-8")
    with pytest.raises(TableError) as raised:
        read_positions(path, load_case(MINIMAL))
    messages = [p.message for p in raised.value.problems]
    assert "unknown column 'colour'" in messages and "no 'issue' column" in messages
    assert raised.value.problems[0].field == "column D (colour)"


def _matrix_csv(path: Path, case: Case, edit: dict[tuple[str, str], str]) -> None:
    labels = [f"{d.id}.{v.id}" for d in case.scenarios.descriptors for v in d.variants]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", *labels])
        for source in labels:
            writer.writerow([source, *(edit.get((source, target), "") for target in labels)])


def test_a_matrix_refuses_a_descriptor_acting_on_itself(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    path = tmp_path / "matrix.csv"
    _matrix_csv(path, case, {("relations.calm", "relations.tense"): "2"})
    with pytest.raises(TableError) as raised:
        read_impacts(path, case)
    (own,) = [p for p in raised.value.problems if "itself" in p.message]
    assert own.line == 2 and own.field.startswith("column C")
    assert "set the self-block to 0" in own.fix and "realpolitik scenarios" in own.fix


def test_an_edit_in_the_matrix_beside_the_table_is_not_lost(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    path = tmp_path / "case.xlsx"
    write_xlsx(case, path)
    book = openpyxl.load_workbook(path)
    matrix = book["matrix"]
    matrix["D2"] = 3  # relations.calm -> broker-role.active, 0 in the table
    book.save(path)
    with pytest.raises(TableError) as raised:
        read_impacts(path, case)
    (problem,) = raised.value.problems
    assert problem.field.startswith("sheet 'matrix', cell D2")
    assert "the matrix says 3 but the table of impacts says 0" in problem.message


SELF_BLOCK = """$ ScenarioWizard 4.0
self
&A
 -A1
 -A2
&B
 -B1
 -B2
#
#
#
#
#
 0 , 2 , 1 , 0
 0 , 0 , 0 , 1
-1 , 0 , 0 , 0
 0 , 1 , 0 , 0
#
"""


def test_a_scw_file_with_a_self_block_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "self.scw"
    path.write_text(SELF_BLOCK, encoding="utf-8")
    with pytest.raises(CaseError) as raised:
        skeleton("x", as_of=dt.date(2021, 1, 1), scw=path)
    problem = raised.value.problems[0]
    assert problem.file == path
    assert "itself" in problem.message
    assert "0" in problem.fix and "ScenarioWizard" in problem.fix
    result = CliRunner().invoke(app, ["new", "x", "--from-scw", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "itself" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("scw", [None, SOMEWHERELAND])
def test_the_skeleton_validates_with_and_without_its_examples(scw: Path | None) -> None:
    if scw is not None and not scw.is_file():
        pytest.skip("the shared CIB data is not beside the repository")
    text = skeleton("my-case", ["a", "b", "c"], dt.date(2021, 10, 15), scw, ["one", "two"])
    case = parse_case(text.encode(), Path("new.toml"))
    assert [a.id for a in case.actors] == ["a", "b", "c"]
    assert [i.id for i in case.issues] == ["one", "two"]
    full = parse_case(uncommented(text).encode(), Path("new.toml"))
    assert full.games and full.facts and full.outcomes
    for section in ("[case]", "[[sources]]", "[[evidence]]", "[[actors]]", "[[issues]]",
                    "[[issues.positions]]", "[[scenarios.descriptors]]", "[[scenarios.impacts]]",
                    "[[scenarios.interventions]]", "[[games]]", "[[games.cells]]", "[[facts]]",
                    "[[outcomes]]"):  # fmt: skip
        assert section in text, section


def test_scw_names_become_ids() -> None:
    assert slug("Border regime", "d") == "border-regime"
    assert slug("V1_1", "v") == "v1-1"
    assert slug("2020 war", "d") == "d-2020-war"
    assert slug("Économie", "d") == "economie"


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["new", "demo", "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["new", "demo", "--out", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output
    bad = runner.invoke(app, ["new", "Demo Case", "--actors", "a,A b", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "not an identifier" in bad.output


def test_import_and_export_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    case_file = tmp_path / "case.toml"
    case_file.write_bytes(MINIMAL.read_bytes())
    book = tmp_path / "out.xlsx"
    exported = runner.invoke(app, ["export", str(case_file), "--xlsx", str(book)])
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(
        app, ["import", str(case_file), "--positions", str(book), "--impacts", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "case.toml.bak").read_bytes() == MINIMAL.read_bytes()
    assert _same(load_case(case_file), load_case(MINIMAL))
    refused = runner.invoke(app, ["import", "south-caucasus-2021", "--positions", str(book)])
    assert refused.exit_code == 2 and "built-in" in refused.output
    nothing = runner.invoke(app, ["import", str(case_file)])
    assert nothing.exit_code == 2 and "nothing to import" in nothing.output
    folder = tmp_path / "tables"
    exported = runner.invoke(app, ["export", str(MINIMAL), "--csv", str(folder)])
    assert exported.exit_code == 0, exported.output
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["impacts.csv", "matrix.csv", "positions.csv"]
    assert _same(_reimport(load_case(MINIMAL), folder / "positions.csv", folder / "impacts.csv"),
                 load_case(MINIMAL))  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_any_text_is_written_as_toml_that_reads_back(text: str) -> None:
    import tomllib

    from realpolitik.case.write import _key, _value

    assert tomllib.loads(f"value = {_value(text)}")["value"] == text
    assert tomllib.loads(f"table = {{ {_key(text)} = 1 }}")["table"] == {text: 1}


def test_a_descriptor_the_case_lacks_is_one_fault_not_one_per_label(tmp_path: Path) -> None:
    case = load_case(MINIMAL)
    labels = ["relations.calm", "relations.tense", "economy.up", "economy.down", "relations.warm"]
    path = tmp_path / "matrix.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", *labels])
        for label in labels:
            writer.writerow([label, "", "", "1", "", ""])
    with pytest.raises(TableError) as raised:
        read_impacts(path, case)
    messages = [p.message for p in raised.value.problems]
    assert len(messages) == 2, messages
    assert any(
        "the case has no descriptor 'economy' (4 row and column labels" in m for m in messages
    )
    assert any("'relations.warm' is no descriptor.variant" in m for m in messages)


def test_the_csv_matrix_of_the_scenarios_command_imports(tmp_path: Path) -> None:
    from realpolitik.analysis.scenarios_stage import case_matrix
    from realpolitik.scenarios import write_csv_matrix

    case = load_case(MINIMAL)
    write_csv_matrix(case_matrix(case)[0], tmp_path / "scenarios.csv")
    again = Case.model_validate(
        apply_imports(case, None, read_impacts(tmp_path / "scenarios.csv", case))[0]
    )
    assert _same(case, again)


def test_a_placeholder_is_never_kept_when_a_file_gives_the_number(tmp_path: Path) -> None:
    text = skeleton("demo", ["north", "south"], dt.date(2021, 10, 15))
    case = parse_case(text.encode(), Path("demo.toml"))
    table = tmp_path / "positions.csv"
    # The same values as the skeleton's placeholders: now judged, so labelled by the file.
    table.write_text("issue,actor,position,salience\nfirst-issue,north,0,50\n", encoding="utf-8")
    data, _ = apply_imports(case, read_positions(table, case), None)
    north = Case.model_validate(data).issue("first-issue").positions[0]
    assert north.position.assumption == north.salience.assumption == "imported from positions.csv"
