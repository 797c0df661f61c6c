"""Where the engines agree and where they do not, stated plainly.

Two comparisons, both driven by links the case declares (docs/case-format.md):

* an issue and a descriptor that describe the same question: does the bargaining forecast
  fall in the span of the variant that the consistent scenarios hold (the most robust one,
  and how many of them)?
* a game outcome that implies scenario variants: are the variants its equilibrium reaches
  held by a consistent scenario, and by the most robust one?
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from realpolitik.case import Case
from realpolitik.results import RunResults
from realpolitik.results.scenarios import ConsistentScenario
from realpolitik.results.triangulation import (
    BargainingVsScenarios,
    GameVsScenarios,
    Statement,
    Verdict,
)


def _variant_names(case: Case) -> dict[str, str]:
    return {f"{d.id}.{v.id}": v.name for d in case.scenarios.descriptors for v in d.variants}


def _most_robust(consistent: Sequence[ConsistentScenario]) -> ConsistentScenario | None:
    """The consistent scenario consistent in the largest share of sampled matrices."""
    if not consistent:
        return None
    return max(consistent, key=lambda s: (s.ensemble_share, s.total_impact_score))


def _in_span(value: float, span: tuple[float, float]) -> bool:
    return span[0] <= value <= span[1]


def triangulate(case: Case, results: RunResults) -> list[Statement]:
    """Plain statements comparing the engines, each with a verdict and its numbers."""
    statements: list[Statement] = []
    names = _variant_names(case)
    consistent = [] if results.scenarios is None else results.scenarios.consistent
    robust = _most_robust(consistent)
    bargaining = {
        issue.id: issue for issue in (results.bargaining.issues if results.bargaining else [])
    }
    for descriptor in case.scenarios.descriptors:
        if descriptor.issue is None or descriptor.issue not in bargaining:
            continue
        issue = bargaining[descriptor.issue]
        point = issue.point["eum"]
        summary = issue.monte_carlo.summaries["eum"]
        spans = {v.id: v.scale for v in descriptor.variants if v.scale is not None}
        holding = [vid for vid, span in spans.items() if _in_span(point, span)]
        held_by_robust = robust.variants.get(descriptor.id) if robust else None
        shares = {
            vid: sum(1 for s in consistent if s.variants.get(descriptor.id) == vid) for vid in spans
        }
        forecast_words = (
            f"The expected-utility forecast for '{issue.title}' is {point:.0f} "
            f"(Monte Carlo median {summary.median:.0f}, interquartile "
            f"{summary.quartiles[0]:.0f}-{summary.quartiles[1]:.0f})"
        )
        variant_words = " or ".join(f"'{names[f'{descriptor.id}.{vid}']}'" for vid in holding)
        if not holding:
            verdict: Verdict = "no link"
            text = f"{forecast_words}, which no variant of '{descriptor.name}' covers."
        elif not results.ran("scenarios"):
            verdict = "not compared"
            text = f"{forecast_words}, in {variant_words}; the scenario engine did not run."
        elif held_by_robust is None:
            verdict = "no scenarios"
            text = f"{forecast_words}, in {variant_words}; no consistent scenario was found."
        else:
            robust_name = names[f"{descriptor.id}.{held_by_robust}"]
            agree = held_by_robust in holding
            verdict = "agree" if agree else "disagree"
            count = sum(shares[v] for v in holding)
            text = (
                f"{forecast_words}, in {variant_words}. The most robust consistent scenario "
                f"holds '{robust_name}'"
                + (" too" if agree else ", so the engines disagree")
                + f"; {count} of {len(consistent)} consistent scenarios hold the forecast's "
                "variant."
            )
        statements.append(
            BargainingVsScenarios(
                issue=descriptor.issue,
                descriptor=descriptor.id,
                verdict=verdict,
                forecast=point,
                forecast_variants=holding,
                robust_variant=held_by_robust,
                scenario_counts=shares,
                text=text,
            )
        )
    for game_result in results.games.games if results.games is not None else ():
        game = case.game(game_result.id)
        implied_by: Mapping[str, Sequence[str]] = game_result.implies
        reached: list[str] = []
        for equilibrium in game_result.equilibria:
            for outcome, probability in equilibrium.outcome_probabilities.items():
                if probability > 0.5 and implied_by.get(outcome) and outcome not in reached:
                    reached.append(outcome)
        for outcome in reached:
            refs = implied_by[outcome]
            pairs = [ref.split(".") for ref in refs]
            supporting = [s for s in consistent if all(s.variants.get(d) == v for d, v in pairs)]
            in_robust = robust is not None and all(robust.variants.get(d) == v for d, v in pairs)
            words = ", ".join(f"'{names[ref]}'" for ref in refs)
            label = game_result.outcome_labels.get(outcome, outcome)
            if not results.ran("scenarios"):
                verdict = "not compared"
            elif not consistent:
                verdict = "no scenarios"
            else:
                verdict = "agree" if supporting else "disagree"
            text = (
                f"In '{game.title}' an equilibrium reaches '{label}', which implies {words}. "
                f"{len(supporting)} of {len(consistent)} consistent scenarios hold "
                + ("all of these" if len(refs) > 1 else "it")
                + (
                    "; the most robust one does too."
                    if in_robust
                    else "; the most robust one does not."
                )
            )
            statements.append(
                GameVsScenarios(
                    game=game.id,
                    outcome=outcome,
                    verdict=verdict,
                    implies=list(refs),
                    supporting_scenarios=len(supporting),
                    in_most_robust=in_robust,
                    text=text,
                )
            )
    return statements
