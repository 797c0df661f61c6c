"""The report's "Leverage points" section: which cross-impact judgments carry the answer.

It reads ``results.leverage`` (the leverage stage, :mod:`realpolitik.analysis.leverage_stage`)
and the scenario stage's consistent set, whose S-numbers it shares with the scenarios section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.html import Page, _grounds, table
from realpolitik.results import RunResults, required

#: Rows of the ranked tables.
TOP_SINGLES = 25
TOP_PAIRS = 10


def _scenario_labels(scenarios: Mapping[str, Any]) -> dict[tuple[tuple[str, str], ...], str]:
    """S1, S2, ... as the scenarios section numbers them (most robust first)."""
    ordered = sorted(
        scenarios["consistent"], key=lambda s: (-s["ensemble_share"], -s["total_impact_score"])
    )
    return {tuple(s["variants"].items()): f"S{k + 1}" for k, s in enumerate(ordered)}


def _names(scenarios: Mapping[str, Any]) -> dict[str, str]:
    """``descriptor.variant`` -> "Descriptor: Variant" in the case's words."""
    return {
        f"{d['id']}.{v['id']}": f"{d['name']}: {v['name']}"
        for d in scenarios["descriptors"]
        for v in d["variants"]
    }


def _which(found: Sequence[Mapping[str, str]], labels: Mapping[Any, str]) -> str:
    return ", ".join(sorted(labels.get(tuple(z.items()), "?") for z in found))


def _change(change: Mapping[str, Any], names: Mapping[str, str]) -> str:
    return (
        f"{names[change['source']]} → {names[change['target']]}: "
        f"{change['value']:+g} → {change['new_value']:+g}"
    )


def _why(case: Case, change: Mapping[str, Any]) -> str:
    judgment = next(
        i
        for i in case.scenarios.impacts
        if (i.source, i.target) == (change["source"], change["target"])
    )
    return _grounds(case, judgment)


def leverage_section(case: Case, results: RunResults, page: Page) -> str:
    if not results.ran("leverage"):
        return '<p class="note">This run was made before leverage points were computed.</p>'
    data = required(results.leverage, "leverage")
    if not data:
        return '<p class="note">The case defines no scenario descriptors.</p>'
    labels = _scenario_labels(required(results.scenarios, "scenarios"))
    names = _names(required(results.scenarios, "scenarios"))
    steps = data["steps"]
    unit = "point" if steps == 1 else "points"
    carrying = len(data["judgments"])
    parts = [
        f"<p>Which of the case's {data['n_judgments']} cross-impact judgments decide the "
        f"consistent set? A <b>leverage point</b> is a judgment whose change by at most "
        f"{steps} {unit} on the -3..+3 scale removes a consistent scenario or makes another "
        f"consistent. Found exactly (every change, none sampled): <b>{carrying}</b> of the "
        f"{data['n_judgments']} judgments carry the answer in this sense; the others can each "
        f"move by {steps} {unit} without changing it. Changes that would leave the scale "
        f"({data['off_scale']}) are not made. Near the set lie {data['n_added']} scenarios "
        "that one change (or a pair) would make consistent.</p>"
    ]
    fragile = sorted((int(labels[tuple(s["variants"].items())][1:]), s) for s in data["scenarios"])
    if fragile:
        chart = figures.bars(
            f"Changes of one judgment by ≤ {steps} {unit} that remove each consistent scenario",
            [f"S{number}" for number, _ in fragile],
            [s["single_levers"] for _, s in fragile],
            "number of single-judgment changes",
        )
        parts.append(page.figure(chart, "removals-per-scenario"))
    rows = [
        (
            rank,
            _change(lever["changes"][0], names),
            _which(lever["removed"], labels) or "none",
            len(lever["added"]),
            _why(case, lever["changes"][0]),
        )
        for rank, lever in enumerate(data["singles"][:TOP_SINGLES], start=1)
    ]
    parts.append(
        '<h3>Single judgments, ranked</h3><p class="note">By the size of the change, then by '
        "how many scenarios it removes or adds. S-numbers are those of the consistent "
        f"futures above. {len(data['singles'])} changes in all; the first "
        f"{len(rows)} shown.</p>"
        + table(["#", "judgment: now → changed", "removes", "adds", "grounds"], rows)
    )
    if data["pairs"]:
        pair_rows = [
            (
                rank,
                "; ".join(_change(change, names) for change in lever["changes"]),
                _which(lever["removed"], labels) or "none",
                len(lever["added"]),
            )
            for rank, lever in enumerate(data["pairs"][:TOP_PAIRS], start=1)
        ]
        parts.append(
            '<h3>Smallest pairs</h3><p class="note">For the scenarios no single change '
            f"reaches: the pairs of judgments with the least total change. {data['n_pairs']} "
            f"pairs in all; the first {len(pair_rows)} shown.</p>"
            + table(["#", "judgments: now → changed", "removes", "adds"], pair_rows)
        )
    return "".join(parts)
