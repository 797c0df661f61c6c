"""Counts that describe a case at a glance, and how much of it rests on evidence."""

from __future__ import annotations

from collections import Counter

from realpolitik.case.judgments import iter_judgments
from realpolitik.case.model import Case
from realpolitik.results.case import CaseCounts, CaseSummary, JudgmentCounts, KindSplit


def summarise(case: Case) -> CaseSummary:
    """The case's identity, counts and evidence shares (the file it was read from is
    ``case.file``, which results leave out)."""
    evidenced: Counter[str] = Counter()
    assumed: Counter[str] = Counter()
    for judged in iter_judgments(case):
        (assumed if judged.judgment.is_assumption else evidenced)[judged.kind] += 1
    kinds = sorted(set(evidenced) | set(assumed))
    total_evidenced = sum(evidenced.values())
    total = total_evidenced + sum(assumed.values())
    return CaseSummary(
        id=case.id,
        title=case.case.title,
        as_of=case.case.as_of.isoformat(),
        sha256=case.digest,
        counts=CaseCounts(
            sources=len(case.sources),
            evidence_items=len(case.evidence),
            actors=len(case.actors),
            issues=len(case.issues),
            positions=sum(len(issue.positions) for issue in case.issues),
            descriptors=len(case.scenarios.descriptors),
            variants=sum(len(d.variants) for d in case.scenarios.descriptors),
            cross_impacts=len(case.scenarios.impacts),
            interventions=len(case.scenarios.interventions),
            games=len(case.games),
            facts=len(case.facts),
            outcomes=len(case.outcomes),
        ),
        judgments=JudgmentCounts(
            total=total,
            evidenced=total_evidenced,
            assumed=total - total_evidenced,
            evidenced_share=(total_evidenced / total) if total else 1.0,
            by_kind={
                kind: KindSplit(evidenced=evidenced[kind], assumed=assumed[kind]) for kind in kinds
            },
        ),
    )
