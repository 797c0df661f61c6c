"""A case reads source texts from inside the sources folder only, and says so without telling
what lies outside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import DATA
from realpolitik.analysis import RunSettings, analyse, dumps
from realpolitik.case import Case, parse_case
from realpolitik.cli import app
from realpolitik.evidence import Status, check_evidence, confined, refused_sources

SOURCES = DATA / "sources"
SECRET = "the launch codes are 0000 and nobody knows"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A sources folder holding the essay and two links out (to a file that exists and to
    one that does not), and a secret file beside it."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "essay.txt").write_bytes((SOURCES / "essay.txt").read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (sources / "out.txt").symlink_to(secret)
    (sources / "nowhere.txt").symlink_to(tmp_path / "missing.txt")
    (sources / "sub").mkdir()
    (sources / "sub" / "inner.txt").write_text("inner\n", encoding="utf-8")
    return sources, secret


def _case(minimal_text: str, file: str, anchor: str | None = None) -> Case:
    text = minimal_text.replace('file = "essay.txt"', f"file = {json.dumps(file)}")
    if anchor is not None:
        text = text.replace('"the broker holds the strongest hand"', json.dumps(anchor))
    return parse_case(text.encode(), Path("case.toml"))


def test_names_inside_the_folder_are_allowed(folders: tuple[Path, Path]) -> None:
    sources, _ = folders
    assert confined(sources, "essay.txt") == (sources / "essay.txt").resolve()
    assert confined(sources, "sub/inner.txt") == (sources / "sub" / "inner.txt").resolve()
    assert confined(sources, "sub/../essay.txt") is None  # '..' is refused even when inside
    assert confined(sources, "absent.txt") is not None  # inside, merely missing


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "/no/such/file", "../secret.txt", "../missing.txt", "sub/../../secret.txt",
     "out.txt", "nowhere.txt", ".", "a\x00b"],
)  # fmt: skip
def test_names_that_lead_out_are_refused(folders: tuple[Path, Path], name: str) -> None:
    sources, _ = folders
    assert confined(sources, name) is None


def test_one_message_for_every_refused_name(folders: tuple[Path, Path], minimal_text: str) -> None:
    """Whether the outside file exists or not, the check says the same and reads nothing."""
    sources, secret = folders
    details = set()
    for name in (str(secret), "/no/such/file", "../secret.txt", "../missing.txt", "out.txt",
                 "nowhere.txt"):  # fmt: skip
        report = check_evidence(_case(minimal_text, name), sources)
        (check,) = [c for c in report.checks if c.item == "broker-strong"]
        assert check.status is Status.NO_SOURCE_TEXT
        details.add(check.detail.replace(repr(name), "NAME"))
        # The case's own text aside, no path of the machine is shown.
        shown = json.dumps(report.model_dump(mode="json")).replace(json.dumps(name)[1:-1], "NAME")
        assert str(secret.parent) not in shown
    assert len(details) == 1, details
    (detail,) = details
    assert "sources[essay].file" in detail and "inside the sources folder" in detail
    assert "no '..'" in detail  # the fix


def test_the_anchor_check_is_no_oracle_for_files_outside(
    folders: tuple[Path, Path], minimal_text: str
) -> None:
    """An anchor taken from a file outside the folder is never verified, through a link or
    a path, so the check cannot confirm guessed text outside the folder."""
    sources, secret = folders
    for name in ("out.txt", "../secret.txt", str(secret)):
        for guess in (SECRET[:12], "the launch codes are 0000"):
            report = check_evidence(_case(minimal_text, name, anchor=guess), sources)
            (check,) = [c for c in report.checks if c.item == "broker-strong"]
            assert check.status is Status.NO_SOURCE_TEXT
            assert guess not in check.detail


def test_missing_file_inside_is_named_relative_to_the_folder(
    folders: tuple[Path, Path], minimal_text: str
) -> None:
    sources, _ = folders
    report = check_evidence(_case(minimal_text, "sub/absent.txt"), sources)
    (check,) = [c for c in report.checks if c.item == "broker-strong"]
    assert check.detail == "sub/absent.txt does not exist in the sources folder"
    unreadable = check_evidence(_case(minimal_text, "sub"), sources)
    (check,) = [c for c in unreadable.checks if c.item == "broker-strong"]
    assert check.detail.startswith("cannot read sub in the sources folder (")
    assert str(sources) not in check.detail


def test_refused_sources_are_located(folders: tuple[Path, Path], minimal_text: str) -> None:
    sources, _ = folders
    case = _case(minimal_text, "../secret.txt")
    lines = {("sources", 0, "file"): 14}
    (problem,) = refused_sources(case, sources, lines)
    assert (problem.line, problem.field) == (14, "sources[essay].file")
    assert str(problem).startswith("case.toml:14: sources[essay].file: '../secret.txt' is not")
    assert refused_sources(_case(minimal_text, "essay.txt"), sources) == []


@pytest.mark.parametrize("name", ["/etc/passwd", "/no/such/file", "../secret.txt", "out.txt"])
def test_cli_refuses_with_file_line_field_and_fix(
    folders: tuple[Path, Path], minimal_text: str, tmp_path: Path, name: str
) -> None:
    sources, _ = folders
    case_file = tmp_path / "case.toml"
    case_file.write_text(
        minimal_text.replace('file = "essay.txt"', f"file = {json.dumps(name)}"), encoding="utf-8"
    )
    line = minimal_text.splitlines().index('file = "essay.txt"') + 1
    runner = CliRunner()
    for command in (["evidence"], ["run", "--no-charts", "--store", str(tmp_path / "s.sqlite")]):
        result = runner.invoke(app, [*command, str(case_file), "--sources", str(sources)])
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{case_file}:{line}: sources[essay].file: {name!r} is not a file inside" in (
            result.output.replace("\n", "")
        )
        assert "relative to that folder" in result.output
    assert not (tmp_path / "s.sqlite").exists()  # refused before any work


def test_results_carry_no_absolute_paths(folders: tuple[Path, Path], minimal_text: str) -> None:
    """The evidence part and the reproduce command name the folder, the case and the texts
    without the machine's absolute paths."""
    sources, _ = folders
    case = _case(minimal_text, "nothere.txt")
    results = analyse(
        case,
        RunSettings(sources=sources.resolve()),
        case_name=str(sources.parent.resolve() / "case.toml"),
        only=["evidence"],
    )
    text = dumps(results)
    assert str(sources.parent.resolve()) not in text
    assert results.evidence is not None and results.evidence.sources_dir == "sources"
    assert "realpolitik run case.toml " in results.meta.command
    assert "--sources sources" in results.meta.command
    assert "nothere.txt does not exist in the sources folder" in text
