"""A new case to fill in: a commented skeleton that validates as written.

Every section of the format appears once. The parts every run uses (sources, evidence,
actors, an issue with a position per actor, scenario descriptors, impacts and an
intervention) are live, with placeholder judgments labelled as assumptions, so that
``realpolitik show`` counts them until they are replaced; the optional parts (games, facts,
outcomes) stand as commented examples, which also validate once uncommented (the tests
check both). Explanations start with ``##``, example lines with ``#``.

With a ScenarioWizard file the descriptors, variants and cross-impacts come from it (ids made
of its names, the names kept); each imported judgment is an assumption naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from realpolitik.case.errors import CaseError, Problem
from realpolitik.case.tabular import PLACEHOLDER, is_id, read_scw_matrix

DEFAULT_ACTORS = ("actor-a", "actor-b")
DEFAULT_ISSUES = ("first-issue",)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def check_ids(ids: Sequence[str], what: str) -> list[str]:
    """Problems with ids given on the command line, as messages (empty when all are fine)."""
    out = []
    for ident in ids:
        if not is_id(ident):
            out.append(
                f"{what} id {ident!r} is not an identifier: use lower-case letters, digits and "
                "hyphens, starting with a letter"
            )
    repeated = sorted({ident for ident in ids if list(ids).count(ident) > 1})
    out += [f"{what} id {ident!r} is given twice" for ident in repeated]
    return out


def skeleton(
    case_id: str,
    actors: Sequence[str] = DEFAULT_ACTORS,
    as_of: dt.date | None = None,
    scw: Path | None = None,
    issues: Sequence[str] = DEFAULT_ISSUES,
) -> str:
    """The TOML text of a new case ``case_id`` with ``actors`` (at least two) and ``issues``,
    as of ``as_of`` (today when None), with the scenario part from the ScenarioWizard file
    ``scw`` if given.

    Raises :class:`CaseError` for ids that are not identifiers and for a ScenarioWizard file
    the case format cannot hold."""
    faults = (
        check_ids([case_id], "case")
        + check_ids(list(actors), "actor")
        + check_ids(list(issues), "issue")
    )
    if not issues:
        faults.append("a case skeleton needs at least one issue")
    if len(actors) < 2:
        faults.append("a case needs at least two actors for its first issue")
    if faults:
        raise CaseError(
            [Problem(Path(case_id), None, "", message, "correct the option") for message in faults]
        )
    as_of = as_of or dt.date.today()
    parts = [
        _head(case_id, as_of),
        _sources(as_of),
        _actors(actors),
        _issues(actors, issues),
        _scw_scenarios(scw) if scw is not None else _scenarios(issues[0] if issues else ""),
        _games(actors),
        _facts_and_outcomes(as_of, issues[0] if issues else ""),
    ]
    return "\n".join(part.strip("\n") + "\n" for part in parts)


def _head(case_id: str, as_of: dt.date) -> str:
    return f"""\
## A new case. The format is described in docs/case-format.md; `realpolitik validate FILE`
## lists every fault with its line and fix. Lines starting with ## explain; lines starting
## with a single # are examples to uncomment. Every judged number below is a placeholder
## labelled `assumption`: replace it with your judgment and `evidence = ["evidence-id"]`.

[case]
id = {_q(case_id)}
title = {_q(_title(case_id))}
## The analysis date: judgments use only what was known by then.
as_of = {as_of.isoformat()}
description = "What the case is about, in a few sentences."
"""


def _sources(as_of: dt.date) -> str:
    return f"""\
## The texts the judgments rest on. `date` is when a text was written; a text written after
## as_of about events before it may still back judgments if it says the period it reports:
## covers = [first-day, last-day] (both on or before as_of).
[[sources]]
id = "first-source"
title = "The title of the text"
author = "Its author"
publisher = "Where it appeared"
date = {as_of.isoformat()}
## The file holding the text inside the folder given to `realpolitik evidence --sources DIR`.
file = "first-source.txt"

## One citation: paragraph n is the n-th non-empty line of the source's text; the anchor is
## at most 12 words copied from it; the claim says what it supports in your words.
[[evidence]]
id = "first-evidence"
source = "first-source"
paragraph = 1
anchor = "a few words copied from the paragraph"
claim = "What the passage supports, in your own words."
"""


def _judgment(value: float) -> str:
    return f"{{ value = {value:g}, assumption = {_q(PLACEHOLDER)} }}"


def _actors(actors: Sequence[str]) -> str:
    blocks = ["## Who takes part. kind: state, bloc, institution or non-state. capability: 0-100."]
    for actor in actors:
        blocks.append(
            f"""[[actors]]
id = {_q(actor)}
name = {_q(_title(actor))}
kind = "state"
capability = {_judgment(50)}
"""
        )
    return "\n".join(blocks)


def _issues(actors: Sequence[str], issues: Sequence[str]) -> str:
    blocks = [
        "## A contested question on a 0-100 scale; `low` and `high` say what its ends mean. "
        "Positions\n## and saliences can be filled from a spreadsheet: `realpolitik import CASE "
        "--positions FILE`."
    ]
    for i, issue in enumerate(issues):
        reference = (
            "## Optional: where the issue stays without agreement (the status quo), on the same "
            f"scale.\nreference = {_judgment(50)}\n"
            if i == 0
            else ""
        )
        blocks.append(
            f"""[[issues]]
id = {_q(issue)}
title = {_q(_title(issue))}
low = "What 0 means"
high = "What 100 means"
{reference}"""
        )
        for n, actor in enumerate(actors):
            position = 100 * n / (len(actors) - 1)
            blocks.append(
                f"""[[issues.positions]]
actor = {_q(actor)}
position = {_judgment(round(position))}
salience = {_judgment(50)}
"""
            )
    return "\n".join(blocks)


def _scenarios(first_issue: str) -> str:
    return f"""\
## Scenarios (Cross-Impact Balance): descriptors with 2-7 variants each, and cross-impacts
## from -3 to +3 (a pair not listed is 0). The matrix can come from a spreadsheet or a
## ScenarioWizard file: `realpolitik import CASE --impacts FILE`.
[[scenarios.descriptors]]
id = "first-descriptor"
name = "A development that may shape the future"
variants = [
  {{ id = "up", name = "It rises" }},
  {{ id = "down", name = "It falls" }},
]

[[scenarios.descriptors]]
id = "second-descriptor"
name = "Another development"
## Optional: the issue this descriptor describes; its variants then give a `scale`.
issue = {_q(first_issue)}
variants = [
  {{ id = "low", name = "Settles low", scale = [0, 50] }},
  {{ id = "high", name = "Settles high", scale = [50, 100] }},
]

[[scenarios.impacts]]
source = "first-descriptor.up"
target = "second-descriptor.high"
value = 2
assumption = {_q(PLACEHOLDER)}

[[scenarios.impacts]]
source = "second-descriptor.high"
target = "first-descriptor.up"
value = 1
assumption = {_q(PLACEHOLDER)}

## A what-if: variants held fixed while the rest of the scenario adjusts.
[[scenarios.interventions]]
id = "first-intervention"
title = "If the development rises"
fix = {{ first-descriptor = "up" }}
"""


def _scw_scenarios(path: Path) -> str:
    names, descriptor_names, variant_names, impacts = read_scw_matrix(path)
    too_many = [
        name
        for name, variants in zip(descriptor_names, variant_names, strict=True)
        if not 2 <= len(variants) <= 7
    ]
    if too_many:
        raise CaseError(
            [
                Problem(
                    path,
                    None,
                    f"descriptor {name!r}",
                    f"has {len(variant_names[descriptor_names.index(name)])} variants; a case "
                    "descriptor has 2 to 7",
                    "merge or split variants in ScenarioWizard first",
                )
                for name in too_many
            ]
        )
    blocks = [
        f"## Scenarios from the ScenarioWizard file {path.name}: ids are made of its names; the "
        "names are kept.\n## Each cross-impact is an assumption naming the file until you give "
        "its evidence."
    ]
    refs: list[str] = []
    for (ident, variant_ids), name, v_names in zip(
        names, descriptor_names, variant_names, strict=True
    ):
        lines = [
            "[[scenarios.descriptors]]",
            f"id = {_q(ident)}",
            f"name = {_q(name)}",
            "variants = [",
            *(
                f"  {{ id = {_q(v)}, name = {_q(n)} }},"
                for v, n in zip(variant_ids, v_names, strict=True)
            ),
            "]",
        ]
        blocks.append("\n".join(lines) + "\n")
        refs += [f"{ident}.{v}" for v in variant_ids]
    assumption = _q(f"imported from {path.name}")
    rows = [
        f"  {{ source = {_q(refs[row])}, target = {_q(refs[column])}, "
        f"value = {int(impacts[row, column])}, assumption = {assumption} }},"
        for row, column in zip(*np.nonzero(impacts), strict=True)
    ]
    if rows:
        blocks.append(
            "## One cross-impact a line (the same as [[scenarios.impacts]] blocks).\n"
            "[scenarios]\nimpacts = [\n" + "\n".join(rows) + "\n]\n"
        )
    first, first_variants = names[0]
    blocks.append(
        f"""## A what-if: variants held fixed while the rest of the scenario adjusts.
# [[scenarios.interventions]]
# id = "first-intervention"
# title = "If {first} holds its first variant"
# fix = {{ {first} = {_q(first_variants[0])} }}
"""
    )
    return "\n".join(blocks)


def _games(actors: Sequence[str]) -> str:
    first, second = actors[0], actors[1]
    cell = '# payoffs = {{ {a} = {{ value = {x}, assumption = "{why}" }}, {b} = {{ value = {y}, assumption = "{why}" }} }}'  # noqa: E501

    def payoffs(x: int, y: int) -> str:
        return cell.format(a=first, b=second, x=x, y=y, why="placeholder")

    return f"""\
## Optional: games at moments of choice (extensive form with nodes and outcomes, or normal
## form with strategies and cells, as here). Payoffs are judgments; ordinal = ranks.
# [[games]]
# id = "first-game"
# title = "A moment of choice"
# form = "normal"
# players = [{_q(first)}, {_q(second)}]
# payoffs = "ordinal"
# strategies = {{ {first} = ["hold", "give"], {second} = ["hold", "give"] }}
#
# [[games.cells]]
# profile = {{ {first} = "hold", {second} = "hold" }}
{payoffs(1, 1)}
#
# [[games.cells]]
# profile = {{ {first} = "hold", {second} = "give" }}
{payoffs(3, 0)}
#
# [[games.cells]]
# profile = {{ {first} = "give", {second} = "hold" }}
{payoffs(0, 3)}
#
# [[games.cells]]
# profile = {{ {first} = "give", {second} = "give" }}
{payoffs(2, 2)}
"""


def _facts_and_outcomes(as_of: dt.date, first_issue: str) -> str:
    later = as_of + dt.timedelta(days=365)
    return f"""\
## Optional: named facts quoted from the sources.
# [[facts]]
# id = "first-fact"
# name = "A figure the sources give"
# kind = "integer"
# value = 40
# unit = "km"
# evidence = ["first-evidence"]

## Optional, for backtests: what happened after as_of, from a source written after it.
# [[sources]]
# id = "later-report"
# title = "A report of what happened"
# author = "Its author"
# publisher = "Where it appeared"
# date = {later.isoformat()}
#
# [[outcomes]]
# id = "first-outcome"
# description = "Where the first issue settled."
# date = {later.isoformat()}
# source = "later-report"
# issue = {_q(first_issue)}
# value = 40
"""


def uncommented(text: str) -> str:
    """The skeleton with its commented examples made live (explanations stay comments)."""
    out = []
    for line in text.splitlines():
        if line.startswith("# "):
            out.append(line[2:])
        elif line == "#":
            out.append("")
        else:
            out.append(line)
    return "\n".join(out) + "\n"
