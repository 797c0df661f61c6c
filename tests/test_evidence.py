"""The evidence check finds anchors in their paragraphs and says plainly when it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import DATA
from realpolitik.case import load_case, parse_case
from realpolitik.cli import app
from realpolitik.evidence import Status, check_evidence, normalise, paragraphs

SOURCES = DATA / "sources"


def test_normalise_quotes_dashes_space_and_case() -> None:
    typeset = "\u201cCounter\u2011offensive\u201d \u2013  it\u2019s\n THE Plan"
    assert normalise(typeset) == normalise('"counter-offensive" - it\'s the plan')
    assert normalise(typeset) == '"counter-offensive" - it\'s the plan'


def test_paragraphs_are_non_empty_lines() -> None:
    assert paragraphs("one\n\n  \ntwo\nthree\n") == ["one", "two", "three"]


def test_minimal_case_verifies() -> None:
    report = check_evidence(load_case(DATA / "minimal.toml"), SOURCES)
    statuses = {check.item: check.status for check in report.checks}
    assert statuses["broker-strong"] is Status.VERIFIED
    assert statuses["rivals-apart"] is Status.VERIFIED  # typeset dashes in the source
    assert report.counts["assumption"] == 20
    assert report.ok


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "status", "detail"),
    [
        ("paragraph = 1", "paragraph = 2", Status.WRONG_PARAGRAPH, "paragraph 1"),
        ('anchor = "the broker holds the strongest hand"', 'anchor = "the broker is weak"',
         Status.NOT_FOUND, "no paragraph"),
        ("paragraph = 1", "paragraph = 9", Status.WRONG_PARAGRAPH, "paragraph 1"),
        ('file = "essay.txt"', 'file = "missing.txt"', Status.NO_SOURCE_TEXT, "does not exist"),
    ],
)  # fmt: skip
def test_failures_are_named(
    minimal_text: str, old: str, new: str, status: Status, detail: str
) -> None:
    case = parse_case(_with(minimal_text, old, new).encode(), Path("m.toml"))
    report = check_evidence(case, SOURCES)
    (check,) = [c for c in report.checks if c.item == "broker-strong"]
    assert check.status is status
    assert detail in check.detail
    assert not report.ok


def test_cli_table_and_exit_codes(tmp_path: Path, minimal_text: str) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["evidence", str(DATA / "minimal.toml"), "--sources", str(SOURCES)])
    assert ok.exit_code == 0, ok.output
    assert "verified" in ok.output
    bad = tmp_path / "case.toml"
    bad.write_text(_with(minimal_text, "paragraph = 1", "paragraph = 2"))
    failed = runner.invoke(app, ["evidence", str(bad), "--sources", str(SOURCES), "--json"])
    assert failed.exit_code == 1
    data = json.loads(failed.stdout)
    assert data["ok"] is False
    assert data["counts"]["wrong paragraph"] == 1


def test_cli_missing_sources_folder_is_bad_input() -> None:
    result = CliRunner().invoke(
        app, ["evidence", str(DATA / "minimal.toml"), "--sources", "/no/such/folder"]
    )
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_evidence_from_a_later_review_is_verified_with_a_note(minimal_text: str) -> None:
    text = _with(
        minimal_text, "date = 2021-09-01", "date = 2022-01-10\ncovers = [2021-01-01, 2021-09-01]"
    )
    report = check_evidence(parse_case(text.encode(), Path("m.toml")), SOURCES)
    (check,) = [c for c in report.checks if c.item == "broker-strong"]
    assert check.status is Status.VERIFIED
    assert check.detail == "written 2022-01-10, after as_of, about 2021-01-01 to 2021-09-01"
    assert report.ok
