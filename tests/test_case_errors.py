"""Every kind of fault in a case file gives a located message with a fix, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import DATA
from realpolitik.case import CaseError, parse_case
from realpolitik.cli import app

FILE = Path("minimal.toml")


@dataclass(frozen=True)
class Fault:
    name: str
    old: str
    new: str
    field: str  # expected in the problem's field
    message: str  # expected in the problem's message
    marker: str  # the problem's line is where this text starts in the mutated file
    count: int = 1  # replace this many occurrences of `old`
    also: tuple[tuple[str, str], ...] = ()  # further (old, new) replacements, once each


FAULTS = [
    Fault(
        "bad toml",
        'title = "A minimal case"',
        'title = "A minimal case',
        "",
        "not valid TOML",
        'title = "A minimal case',
    ),
    Fault(
        "missing field",
        'name = "North"\n',
        "",
        "actors[north].name",
        "required field 'name'",
        '[[actors]]\nid = "north"',
    ),
    Fault(
        "misspelt field",
        "salience = { value = 90",
        "salince = { value = 90",
        "issues[border].positions[north].salince",
        "unknown field 'salince'",
        "salince",
    ),
    Fault(
        "wrong type",
        "paragraph = 1",
        'paragraph = "one"',
        "evidence[broker-strong].paragraph",
        "expected a whole number",
        'paragraph = "one"',
    ),
    Fault(
        "bad identifier",
        'id = "north"',
        'id = "North Land"',
        "actors[North Land].id",
        "not a valid identifier",
        'id = "North Land"',
    ),
    Fault(
        "duplicate id",
        'id = "south"\nname = "South"',
        'id = "north"\nname = "South"',
        "actors[north].id",
        "duplicate actor id 'north'",
        'id = "north"\nname = "South"',
    ),
    Fault(
        "capability out of range",
        "value = 80, evidence",
        "value = 180, evidence",
        "actors[broker].capability.value",
        "out of range",
        "value = 180",
    ),
    Fault(
        "negative salience",
        "salience = { value = 50,",
        "salience = { value = -5,",
        "issues[border].positions[broker].salience.value",
        "out of range",
        "value = -5",
    ),
    Fault(
        "bare number",
        'salience = { value = 80, evidence = ["rivals-apart"] }',
        "salience = { value = 80 }",
        "issues[border].positions[south].salience",
        "without evidence or assumption",
        "salience = { value = 80 }",
    ),
    Fault(
        "evidence and assumption",
        'value = 0, evidence = ["rivals-apart"] }',
        'value = 0, evidence = ["rivals-apart"], assumption = "x" }',
        "issues[border].positions[north].position",
        "both evidence and an assumption",
        'assumption = "x"',
    ),
    Fault(
        "sd and range",
        "value = 30, range = [20, 40]",
        "value = 30, sd = 2, range = [20, 40]",
        "actors[south].capability",
        "both `sd` and `range`",
        "sd = 2, range",
    ),
    Fault(
        "range excludes value",
        "range = [20, 40]",
        "range = [35, 40]",
        "actors[south].capability",
        "outside its range",
        "range = [35, 40]",
    ),
    Fault(
        "long anchor",
        'anchor = "the broker holds the strongest hand"',
        'anchor = "in this region the broker holds the strongest hand of all the outside powers"',
        "evidence[broker-strong].anchor",
        "more than 12",
        'anchor = "in this region',
    ),
    Fault(
        "evidence from unknown source",
        'source = "essay"\nparagraph = 2',
        'source = "blog"\nparagraph = 2',
        "evidence[rivals-apart].source",
        "unknown source 'blog'",
        'source = "blog"',
    ),
    Fault(
        "evidence dated after as_of",
        'source = "essay"\nparagraph = 2',
        'source = "later-news"\nparagraph = 2',
        "sources[later-news].date",
        "after the case's as_of",
        "date = 2023-10-01",
    ),
    Fault(
        "unknown evidence id",
        'capability = { value = 80, evidence = ["broker-strong"] }',
        'capability = { value = 80, evidence = ["broker-stronk"] }',
        "actors[broker].capability.evidence[1]",
        "unknown evidence 'broker-stronk'",
        "broker-stronk",
    ),
    Fault(
        "unknown actor",
        'actor = "broker"',
        'actor = "mediator"',
        "issues[border].positions[mediator].actor",
        "unknown actor 'mediator'",
        'actor = "mediator"',
    ),
    Fault(
        "actor twice on an issue",
        'actor = "broker"',
        'actor = "south"',
        "issues[border].positions[south].actor",
        "two positions",
        'actor = "south"\nposition = { value = 40',
    ),
    Fault(
        "unknown actor kind",
        'kind = "institution"',
        'kind = "ngo"',
        "actors[broker].kind",
        "'ngo' is not allowed",
        'kind = "ngo"',
    ),
    Fault(
        "variant list of one",
        '  { id = "tense", name = "Tense" },\n',
        "",
        "scenarios.descriptors[relations].variants",
        "at least 2",
        'variants = [\n  { id = "calm"',
    ),
    Fault(
        "impact on own descriptor",
        'target = "broker-role.active"\nvalue = 1',
        'target = "relations.calm"\nvalue = 1',
        "scenarios.impacts[2].target",
        "on itself",
        'target = "relations.calm"\nvalue = 1',
    ),
    Fault(
        "impact on unknown descriptor",
        'target = "relations.calm"',
        'target = "economy.calm"',
        "scenarios.impacts[1].target",
        "unknown descriptor 'economy'",
        "economy.calm",
    ),
    Fault(
        "impact on unknown variant",
        'target = "relations.calm"',
        'target = "relations.warm"',
        "scenarios.impacts[1].target",
        "has no variant 'warm'",
        "relations.warm",
    ),
    Fault(
        "impact out of range",
        "value = 2\nevidence",
        "value = 4\nevidence",
        "scenarios.impacts[1].value",
        "out of range",
        "value = 4\nevidence",
    ),
    Fault(
        "impact not an integer",
        "value = 2\nevidence",
        "value = 1.5\nevidence",
        "scenarios.impacts[1].value",
        "whole number",
        "value = 1.5\nevidence",
    ),
    Fault(
        "impact given twice",
        'source = "relations.tense"\ntarget = "broker-role.active"',
        'source = "broker-role.active"\ntarget = "relations.calm"',
        "scenarios.impacts[2].target",
        "given twice",
        'target = "relations.calm"\nvalue = 1',
    ),
    Fault(
        "malformed variant reference",
        'source = "broker-role.active"',
        'source = "broker-role"',
        "scenarios.impacts[1].source",
        "descriptor.variant",
        'source = "broker-role"',
    ),
    Fault(
        "intervention on unknown variant",
        'fix = { broker-role = "active" }',
        'fix = { broker-role = "busy" }',
        "scenarios.interventions[broker-steps-in].fix",
        "has no variant 'busy'",
        'fix = { broker-role = "busy" }',
    ),
    Fault(
        "payoff misses a player",
        'payoffs = { north = { value = 2, evidence = ["rivals-apart"] }, south = { value = 3, '
        'evidence = ["rivals-apart"] } }',
        'payoffs = { north = { value = 2, evidence = ["rivals-apart"] } }',
        "games[crisis].outcomes[status-quo].payoffs",
        "no payoff for player 'south'",
        'payoffs = { north = { value = 2, evidence = ["rivals-apart"] } }',
    ),
    Fault(
        "payoff to a non-player",
        'south = { value = 1, assumption = "a loss" } }',
        'south = { value = 1, assumption = "a loss" }, broker = { value = 1, assumption = "x" } }',
        "games[crisis].outcomes[south-folds].payoffs.broker",
        "not a player",
        "broker = { value = 1",
    ),
    Fault(
        "move to nowhere",
        'to = "clash"',
        'to = "clsh"',
        "games[crisis].nodes[south-moves].moves[resist].to",
        "no node or outcome",
        'to = "clsh"',
    ),
    Fault(
        "probabilities off",
        "value = 0.4",
        "value = 0.5",
        "games[crisis].nodes[luck].moves",
        "add up to 1.1",
        'moves = [\n  { id = "firm"',
    ),
    Fault(
        "player not an actor",
        'players = ["north", "south"]\npayoffs',
        'players = ["north", "west"]\npayoffs',
        "games[crisis].players[2]",
        "'west' of game 'crisis' is not an actor",
        'players = ["north", "west"]',
    ),
    Fault(
        "missing cell",
        'profile = { north = "give", south = "give" }',
        'profile = { north = "hold", south = "hold" }',
        "games[stand-off].cells[4].profile",
        "has two cells",
        'profile = { north = "hold", south = "hold" }\npayoffs = { north = { value = 2',
    ),
    Fault(
        "unknown strategy",
        'profile = { north = "give", south = "give" }',
        'profile = { north = "fold", south = "give" }',
        "games[stand-off].cells[4].profile.north",
        "'fold' is not a strategy",
        'north = "fold"',
    ),
    Fault(
        "fact of the wrong kind",
        "value = 40\nunit",
        'value = "forty"\nunit',
        "facts[border-length].value",
        "of kind integer",
        'value = "forty"',
    ),
    Fault(
        "outcome source before as_of",
        'source = "later-news"',
        'source = "essay"',
        "outcomes[border-settled].source",
        "not after as_of",
        'source = "essay"\nissue',
    ),
    Fault(
        "payoff not a finite number",
        'north = { value = 2, evidence = ["rivals-apart"] }',
        'north = { value = nan, evidence = ["rivals-apart"] }',
        "games[crisis].outcomes[status-quo].payoffs.north.value",
        "nan is not a finite number",
        "payoffs = { north = { value = nan",
    ),
    Fault(
        "infinite sd",
        "sd = 0.5",
        "sd = inf",
        "scenarios.impacts[2].sd",
        "inf is not a finite number",
        "sd = inf",
    ),
    Fault(
        "judged number too large",
        'north = { value = 4, assumption = "a win" }',
        'north = { value = 1e12, assumption = "a win" }',
        "games[crisis].outcomes[south-folds].payoffs.north",
        "beyond 1e+09",
        "payoffs = { north = { value = 1e12",
    ),
    Fault(
        "cross-impact range off the scale",
        "value = 1\nsd = 0.5",
        "value = 1\nrange = [-5, 3]",
        "scenarios.impacts[2].range[1]",
        "out of range",
        "range = [-5, 3]",
    ),
    Fault(
        "outcome implies an unknown variant",
        'implies = ["relations.tense"]',
        'implies = ["relations.stormy"]',
        "games[crisis].outcomes[clash].implies[1]",
        "has no variant 'stormy'",
        "implies = [",
    ),
    Fault(
        "outcome implies two variants of one descriptor",
        'implies = ["relations.tense"]',
        'implies = ["relations.tense", "relations.calm"]',
        "games[crisis].outcomes[clash].implies[2]",
        "implied beside 'relations.tense'",
        "implies = [",
    ),
    Fault(
        "chance as a player",
        'players = ["north", "south"]\nstrategies',
        'players = ["north", "south", "chance"]\nstrategies',
        "games[stand-off].players[3]",
        "reserved for moves by nature",
        'players = ["north", "south", "chance"]',
    ),
    Fault(
        "nobody carries weight on an issue",
        "salience = { value = 90, sd = 5,",
        "salience = { value = 0, sd = 5,",
        "issues[border].positions",
        "both salience and capability above zero",
        "[[issues.positions]]",
        also=(
            ("salience = { value = 80, evidence", "salience = { value = 0, evidence"),
            ("salience = { value = 50, assumption", "salience = { value = 0, assumption"),
        ),
    ),
    Fault(
        "fact not a finite number",
        "value = 40\nunit",
        "value = inf\nunit",
        "facts[border-length].value",
        "has the value inf",
        "value = inf",
        also=(('kind = "integer"', 'kind = "number"'),),
    ),
    Fault(
        "as_of not a date",
        "as_of = 2021-10-15",
        'as_of = "autumn 2021"',
        "case.as_of",
        "expected a date",
        "as_of",
    ),
]


def _line_of(text: str, marker: str) -> int:
    """The line on which ``marker`` starts."""
    return text.count("\n", 0, text.index(marker)) + 1


def _mutate(text: str, fault: Fault) -> str:
    for old, new in ((fault.old, fault.new), *fault.also):
        assert old in text, f"test fixture lacks {old!r}"
        text = text.replace(old, new, fault.count if old == fault.old else 1)
    return text


def test_fixture_is_valid(minimal_text: str) -> None:
    case = parse_case(minimal_text.encode(), FILE)
    assert case.id == "minimal"
    assert len(case.games) == 2


def test_there_are_at_least_twenty_distinct_faults() -> None:
    assert len({fault.name for fault in FAULTS}) >= 20


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_fault_is_located_and_explained(minimal_text: str, fault: Fault) -> None:
    text = _mutate(minimal_text, fault)
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    problems = raised.value.problems
    matching = [p for p in problems if fault.message in p.message]
    assert matching, f"no problem says {fault.message!r}: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == FILE
    assert fault.field in problem.field
    assert problem.fix, "every problem must say how to fix it"
    expected = _line_of(text, fault.marker)
    assert problem.line == expected, str(problem)
    assert str(problem).startswith(f"{FILE}:{expected}: ")


def test_a_byte_order_mark_is_no_part_of_the_text(tmp_path: Path, minimal_text: str) -> None:
    # Some Windows editors save UTF-8 with a byte order mark; the case is the same case.
    case = parse_case(b"\xef\xbb\xbf" + minimal_text.encode(), FILE)
    assert case.id == "minimal"
    marked = tmp_path / "marked.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + minimal_text.encode())
    result = CliRunner().invoke(app, ["validate", str(marked)])
    assert result.exit_code == 0, result.output
    bad = minimal_text.replace("value = 80, evidence", "value = 180, evidence")
    with pytest.raises(CaseError) as raised:
        parse_case(b"\xef\xbb\xbf" + bad.encode(), FILE)
    assert raised.value.problems[0].line == _line_of(bad, "value = 180")


#: A second decision of North's that it reaches after waiting and after pushing, in one
#: information set: North would forget what it did.
FORGETFUL = (
    (
        '{ id = "wait", name = "Wait", to = "status-quo" }',
        '{ id = "wait", name = "Wait", to = "north-again" }',
    ),
    ('to = "south-folds", probability', 'to = "north-later", probability'),
    (
        '[[games.outcomes]]\nid = "status-quo"',
        """[[games.nodes]]
id = "north-again"
player = "north"
infoset = "north-second"
moves = [{ id = "stop", to = "status-quo" }, { id = "go", to = "went" }]

[[games.nodes]]
id = "north-later"
player = "north"
infoset = "north-second"
moves = [{ id = "stop", to = "south-folds" }, { id = "go", to = "went-later" }]

[[games.outcomes]]
id = "went"
payoffs = { north = { value = 1, assumption = "x" }, south = { value = 1, assumption = "x" } }

[[games.outcomes]]
id = "went-later"
payoffs = { north = { value = 1, assumption = "x" }, south = { value = 1, assumption = "x" } }

[[games.outcomes]]
id = "status-quo\"""",
    ),
)


def test_information_sets_keep_perfect_recall(minimal_text: str) -> None:
    text = minimal_text
    for old, new in FORGETFUL:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert "perfect recall" in problem.fix
    assert problem.field == "games[crisis].nodes[north-later].infoset"
    assert problem.line == _line_of(
        text, 'infoset = "north-second"\nmoves = [{ id = "stop", to = "south'
    )


#: South moves again after North waits, not knowing whether North pushed: one information set
#: that South reaches with the same own past (none), so recall stays perfect.
UNSURE = (
    (
        '{ id = "wait", name = "Wait", to = "status-quo" }',
        '{ id = "wait", name = "Wait", to = "south-waits" }',
    ),
    (
        'id = "south-moves"\nplayer = "south"',
        'id = "south-moves"\nplayer = "south"\ninfoset = "south-1"',
    ),
    (
        '[[games.outcomes]]\nid = "status-quo"',
        """[[games.nodes]]
id = "south-waits"
player = "south"
infoset = "south-1"
moves = [{ id = "resist", to = "quiet-clash" }, { id = "yield", to = "status-quo" }]

[[games.outcomes]]
id = "quiet-clash"
payoffs = { north = { value = 1, assumption = "x" }, south = { value = 1, assumption = "x" } }

[[games.outcomes]]
id = "status-quo\"""",
    ),
)


def test_an_information_set_across_another_players_moves_is_kept(minimal_text: str) -> None:
    from realpolitik.analysis.inputs import game_from_case
    from realpolitik.games import to_gambit

    text = minimal_text
    for old, new in UNSURE:
        assert old in text
        text = text.replace(old, new, 1)
    case = parse_case(text.encode(), FILE)
    assert to_gambit(game_from_case(case, case.game("crisis"))).is_perfect_recall


def test_non_utf8_file_is_reported_with_its_line() -> None:
    raw = b'[case]\nid = "x"\ntitle = "\xff"\n'
    with pytest.raises(CaseError) as raised:
        parse_case(raw, FILE)
    assert raised.value.problems[0].line == 3
    assert "UTF-8" in raised.value.problems[0].message


def test_empty_file_lists_each_missing_section() -> None:
    with pytest.raises(CaseError) as raised:
        parse_case(b"", FILE)
    fields = {problem.field for problem in raised.value.problems}
    assert {"case", "actors"} <= fields


def test_cli_prints_located_problems_and_exits_2(tmp_path: Path, minimal_text: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(minimal_text.replace("value = 80, evidence", "value = 180, evidence"))
    result = CliRunner().invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output
    assert "actors[broker].capability.value" in result.output
    assert "Traceback" not in result.output


def test_cli_json_lists_problems(tmp_path: Path, minimal_text: str) -> None:
    import json

    bad = tmp_path / "bad.toml"
    bad.write_text(minimal_text.replace('actor = "broker"', 'actor = "mediator"'))
    result = CliRunner().invoke(app, ["validate", str(bad), "--json"])
    assert result.exit_code == 2
    (entry,) = json.loads(result.stdout)
    assert entry["ok"] is False
    assert entry["problems"][0]["field"] == "issues[border].positions[mediator].actor"


def test_unknown_case_name_suggests_the_builtins() -> None:
    result = CliRunner().invoke(app, ["show", "no-such-case"])
    assert result.exit_code == 2
    assert "no such case file" in result.output
    assert "Traceback" not in result.output


def test_folder_with_case_toml_loads(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "case.toml").write_text(minimal_text)
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_data_dir_exists() -> None:
    assert (DATA / "minimal.toml").is_file()


def test_three_independent_faults_are_listed_in_one_pass(minimal_text: str) -> None:
    # A value fault (stops the typed model) beside two reference faults (found by the
    # whole-case checks): all three are reported at once, each at its own line.
    text = (
        minimal_text.replace("value = 90, sd = 5,", "value = 190, sd = 5,")
        .replace('actor = "broker"', 'actor = "mediator"')
        .replace('target = "relations.calm"', 'target = "relations.warm"')
    )
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    problems = raised.value.problems
    assert [p.line for p in problems] == [
        _line_of(text, "salience = { value = 190"),
        _line_of(text, 'actor = "mediator"'),
        _line_of(text, "relations.warm"),
    ], [str(p) for p in problems]
    assert "out of range" in problems[0].message
    assert "unknown actor 'mediator'" in problems[1].message
    assert "no variant 'warm'" in problems[2].message


def test_a_fault_that_follows_from_a_dropped_item_is_not_reported(minimal_text: str) -> None:
    # The evidence item is broken: judgments citing it are not "unknown evidence" as well.
    text = minimal_text.replace("paragraph = 1", "paragraph = 0")
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert problem.field == "evidence[broker-strong].paragraph"


def test_a_mistyped_player_is_one_fault_without_a_self_suggestion(minimal_text: str) -> None:
    text = minimal_text.replace(
        'players = ["north", "south"]\npayoffs', 'players = ["north", "souht"]\npayoffs'
    )
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert problem.field == "games[crisis].players[2]"
    assert "did you mean 'south'?" in problem.fix
    assert "'souht'?" not in problem.fix


def test_a_suggestion_never_repeats_what_was_typed() -> None:
    from realpolitik.case.checks import nearest

    assert nearest("souht", ["north", "south"]) == "south"
    assert nearest("south", ["north", "south"]) == "north" or nearest(
        "south", ["north", "south"]
    ) in (None, "north")
    assert nearest("zzz", ["north", "south"]) is None


def test_a_mistyped_evidence_id_is_one_fault(minimal_text: str) -> None:
    text = minimal_text.replace('evidence = ["rivals-apart"]', 'evidence = ["rivals-aprt"]')
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert "unknown evidence 'rivals-aprt'" in problem.message
    assert "more places" in problem.message
    assert "did you mean 'rivals-apart'?" in problem.fix


def _cite_later_source(text: str) -> str:
    """Two evidence items citing the source written after as_of."""
    return text.replace('source = "essay"\nparagraph = 2', 'source = "later-news"\nparagraph = 2')


def test_a_later_source_is_named_once_at_its_date(minimal_text: str) -> None:
    text = _cite_later_source(minimal_text).replace(
        'source = "essay"\nparagraph = 1', 'source = "later-news"\nparagraph = 1'
    )
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert problem.line == _line_of(text, "date = 2023-10-01")
    assert "2 evidence items cite it" in problem.message
    assert "covers = [" in problem.fix


#: Another source written after as_of, for the outcome, when `later-news` reports earlier
#: events only.
CHRONICLE = """
[[sources]]
id = "chronicle"
title = "Chronicle"
author = "C. Writer"
publisher = "A Paper"
date = 2023-11-01
"""


def test_a_later_review_of_earlier_events_may_back_a_judgment(minimal_text: str) -> None:
    text = _cite_later_source(minimal_text).replace(
        "date = 2023-10-01", "date = 2023-10-01\ncovers = [2021-01-01, 2021-09-30]"
    )
    text = text.replace('source = "later-news"\nissue', 'source = "chronicle"\nissue') + CHRONICLE
    case = parse_case(text.encode(), FILE)
    assert case.source("later-news").covers is not None


def test_a_period_past_as_of_or_past_the_writing_is_refused(minimal_text: str) -> None:
    late = _cite_later_source(minimal_text).replace(
        "date = 2023-10-01", "date = 2023-10-01\ncovers = [2021-01-01, 2022-06-30]"
    )
    with pytest.raises(CaseError) as raised:
        parse_case(late.encode(), FILE)
    fields = [problem.field for problem in raised.value.problems]
    assert "sources[later-news].covers" in fields
    future = minimal_text.replace(
        "date = 2021-09-01", "date = 2021-09-01\ncovers = [2021-01-01, 2021-12-31]"
    )
    with pytest.raises(CaseError) as raised:
        parse_case(future.encode(), FILE)
    assert "after the source's date" in raised.value.problems[0].message


def test_an_outcome_needs_a_source_whose_period_reaches_it(minimal_text: str) -> None:
    text = minimal_text.replace(
        "date = 2023-10-01", "date = 2023-10-01\ncovers = [2022-01-01, 2022-12-31]"
    )
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert problem.field == "outcomes[border-settled].source"
    assert "covers events only up to 2022-12-31" in problem.message


def test_an_unknown_actor_on_several_issues_is_one_fault(minimal_text: str) -> None:
    second = minimal_text[minimal_text.index("[[issues]]") : minimal_text.index("[[scenarios")]
    text = minimal_text.replace(
        "[[scenarios.descriptors]]",
        second.replace('id = "border"', 'id = "trade"') + "[[scenarios.descriptors]]",
        1,
    ).replace('actor = "broker"', 'actor = "mediator"')
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    (problem,) = raised.value.problems
    assert problem.message == "unknown actor 'mediator' on issue 'border' (and on 'trade')"


def test_a_broken_actor_still_counts_as_known(minimal_text: str) -> None:
    # The broker's capability is out of range; positions and players naming the broker are
    # not reported, and the broker stays among the known actors offered in a fix.
    text = minimal_text.replace("value = 80, evidence", "value = 180, evidence", 1).replace(
        'actor = "south"\nposition = { value = 100', 'actor = "suoth"\nposition = { value = 100'
    )
    with pytest.raises(CaseError) as raised:
        parse_case(text.encode(), FILE)
    capability, actor = raised.value.problems
    assert capability.field == "actors[broker].capability.value"
    assert "unknown actor 'suoth'" in actor.message
    assert "did you mean 'south'? known: broker, north, south" in actor.fix
