"""Mutated case files never escape the loader as anything but a located CaseError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paths import DATA
from realpolitik.case import CaseError, parse_case

TEXT = (DATA / "minimal.toml").read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
FILE = Path("fuzzed.toml")

TOKENS = ["", "=", "[", "]", "{", "}", '"', "'", ",", ".", "-1", "1e999", "nan", "true",
          "2099-01-01", "[[actors]]", "[[games.nodes]]", "x = 1", "value = 500", "\x00", "é",
          '"north"', '"chance"', "[scenarios]", "id", "evidence = []"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "splice", "replace"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "splice":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
        else:
            line = lines[i]
            at = draw(st.integers(0, max(len(line) - 1, 0)))
            lines[i] = line[:at] + draw(st.text(max_size=3)) + line[at + 1 :]
    return "".join(lines).encode("utf-8", errors="surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_only_case_errors_escape(raw: bytes) -> None:
    try:
        parse_case(raw, FILE)
    except CaseError as error:
        line_count = raw.count(b"\n") + 1
        for problem in error.problems:
            assert problem.file == FILE
            assert problem.message and problem.fix
            assert problem.line is None or 1 <= problem.line <= line_count
            assert str(problem).startswith(f"{FILE}")
