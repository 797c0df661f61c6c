"""The ``[scenarios.dynamics]`` section of a case: periods, exogenous trajectories, shocks and
threshold rules for dynamic (multi-period) CIB, and its whole-case checks.

Each exogenous variant and each shock is a judgment without a number: it carries evidence or
a stated assumption like every judged number. A threshold rule's alternative impacts are
cross-impact judgments of their own. See docs/case-format.md (dynamics) and docs/scenarios.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Self

from pydantic import Field, model_validator

from realpolitik.case.model import (
    CrossImpact,
    Identifier,
    Text,
    VariantRef,
    _fault,
    _Model,
    check_grounds,
)

if TYPE_CHECKING:
    from realpolitik.case.judgments import FieldPath
    from realpolitik.case.model import Case

    Fault = tuple[FieldPath, str, str]


class _Grounded(_Model):
    """A choice a person made (a variant, a shock) with its evidence or stated assumption."""

    evidence: tuple[Identifier, ...] = ()
    assumption: Text | None = None

    @model_validator(mode="after")
    def _grounded_once(self) -> Self:
        check_grounds(self.evidence, self.assumption, ("a choice", "why this variant"))
        return self


class Period(_Grounded):
    """One period of a dynamic analysis, from year ``start`` to year ``end``, with the
    evidence or assumption for its bounds."""

    id: Identifier
    name: Text
    start: int = Field(ge=1800, le=2300)
    end: int = Field(ge=1800, le=2300)

    @model_validator(mode="after")
    def _forwards(self) -> Self:
        if self.end <= self.start:
            raise _fault(
                f"period '{self.id}' ends ({self.end}) before it starts ({self.start})",
                "give `end` a later year than `start`",
            )
        return self


class Step(_Grounded):
    """The variant an exogenous descriptor takes in one period."""

    period: Identifier
    variant: Identifier


class Exogenous(_Model):
    """A descriptor driven from outside the system: its variant in every period."""

    descriptor: Identifier
    trajectory: tuple[Step, ...] = Field(min_length=1)


class Shock(_Grounded):
    """A descriptor forced to a variant in one period; the next period inherits it."""

    id: Identifier
    period: Identifier
    descriptor: Identifier
    variant: Identifier


class Threshold(_Model):
    """From the period after one that settled with every variant of ``when``, the impacts
    of one descriptor's variants listed here replace the matrix's: for each source variant
    and target descriptor named, the row segment is these judgments (pairs not listed in
    such a segment count 0)."""

    id: Identifier
    title: Text
    when: tuple[VariantRef, ...] = Field(min_length=1)
    impacts: tuple[CrossImpact, ...] = Field(min_length=1)


class Dynamics(_Model):
    """``[scenarios.dynamics]``: the periods in order, and what changes between them."""

    periods: tuple[Period, ...] = Field(min_length=1)
    exogenous: tuple[Exogenous, ...] = ()
    shocks: tuple[Shock, ...] = ()
    thresholds: tuple[Threshold, ...] = ()


# -- whole-case checks ------------------------------------------------------------------------


def _known(names: set[str]) -> str:
    shown = ", ".join(sorted(names)[:12])
    return f"known: {shown}" if names else "none are defined yet"


def check_dynamics(case: Case) -> Iterator[Fault]:
    """Faults of ``[scenarios.dynamics]`` against the rest of the case (none without it)."""
    dynamics = case.scenarios.dynamics
    if dynamics is None:
        return
    base: FieldPath = ("scenarios", "dynamics")
    variants = {d.id: {v.id for v in d.variants} for d in case.scenarios.descriptors}
    evidence = {item.id for item in case.evidence}
    periods = [p.id for p in dynamics.periods]
    yield from _periods(dynamics, base, evidence)
    yield from _exogenous(dynamics, base, variants, evidence, periods)
    yield from _shocks(dynamics, base, variants, evidence, periods)
    yield from _thresholds(dynamics, base, variants, evidence)


def _periods(dynamics: Dynamics, base: FieldPath, evidence: set[str]) -> Iterator[Fault]:
    seen: set[str] = set()
    for k, period in enumerate(dynamics.periods):
        path: FieldPath = (*base, "periods", k)
        if period.id in seen:
            yield ((*path, "id"), f"duplicate period id '{period.id}'", "give each its own id")
        seen.add(period.id)
        yield from _refs(period.evidence, evidence, path, f"period '{period.id}'")
        if k and period.start < dynamics.periods[k - 1].end:
            before = dynamics.periods[k - 1]
            yield (
                (*path, "start"),
                f"period '{period.id}' starts in {period.start}, before '{before.id}' ends "
                f"({before.end})",
                "list the periods in time order, each starting where (or after) the one "
                "before it ends",
            )


def _variant(
    variants: dict[str, set[str]], path: FieldPath, descriptor: str, variant: str | None
) -> Fault | None:
    if descriptor not in variants:
        return (
            path,
            f"unknown descriptor '{descriptor}'",
            f"use a descriptor of [[scenarios.descriptors]] ({_known(set(variants))})",
        )
    if variant is not None and variant not in variants[descriptor]:
        return (
            path,
            f"descriptor '{descriptor}' has no variant '{variant}'",
            f"use one of its variants ({_known(variants[descriptor])})",
        )
    return None


def _refs(refs: tuple[str, ...], known: set[str], path: FieldPath, what: str) -> Iterator[Fault]:
    for k, ref in enumerate(refs):
        if ref not in known:
            yield (
                (*path, "evidence", k),
                f"unknown evidence '{ref}' cited for {what}",
                f"add an [[evidence]] entry with this id or fix the spelling ({_known(known)})",
            )


def _period_fault(path: FieldPath, period: str, periods: list[str]) -> Fault | None:
    if period in periods:
        return None
    return (
        path,
        f"unknown period '{period}'",
        f"use a period of [scenarios.dynamics] ({_known(set(periods))})",
    )


def _exogenous(
    dynamics: Dynamics,
    base: FieldPath,
    variants: dict[str, set[str]],
    evidence: set[str],
    periods: list[str],
) -> Iterator[Fault]:
    seen: set[str] = set()
    for e, item in enumerate(dynamics.exogenous):
        path: FieldPath = (*base, "exogenous", e)
        fault = _variant(variants, (*path, "descriptor"), item.descriptor, None)
        if fault is not None:
            yield fault
        if item.descriptor in seen:
            yield (
                (*path, "descriptor"),
                f"descriptor '{item.descriptor}' has two trajectories",
                "give each exogenous descriptor one trajectory",
            )
        seen.add(item.descriptor)
        given: set[str] = set()
        for s, step in enumerate(item.trajectory):
            where: FieldPath = (*path, "trajectory", s)
            for found in (
                _period_fault((*where, "period"), step.period, periods),
                None
                if fault
                else _variant(variants, (*where, "variant"), item.descriptor, step.variant),
            ):
                if found is not None:
                    yield found
            if step.period in given:
                yield (
                    (*where, "period"),
                    f"period '{step.period}' appears twice in the trajectory of "
                    f"'{item.descriptor}'",
                    "give one variant per period",
                )
            given.add(step.period)
            yield from _refs(step.evidence, evidence, where, f"'{item.descriptor}' in "
                             f"'{step.period}'")  # fmt: skip
        missing = [p for p in periods if p not in given]
        if missing:
            yield (
                (*path, "trajectory"),
                f"the trajectory of '{item.descriptor}' gives no variant for "
                f"{', '.join(repr(p) for p in missing)}",
                "an exogenous descriptor takes a given variant in every period: add "
                "`{ period = ..., variant = ..., evidence = [...] }` for each (for a forced "
                "variant in one period only, use a shock)",
            )


def _shocks(
    dynamics: Dynamics,
    base: FieldPath,
    variants: dict[str, set[str]],
    evidence: set[str],
    periods: list[str],
) -> Iterator[Fault]:
    exogenous = {item.descriptor for item in dynamics.exogenous}
    ids: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for k, shock in enumerate(dynamics.shocks):
        path: FieldPath = (*base, "shocks", k)
        if shock.id in ids:
            yield ((*path, "id"), f"duplicate shock id '{shock.id}'", "give each its own id")
        ids.add(shock.id)
        for found in (
            _period_fault((*path, "period"), shock.period, periods),
            _variant(variants, (*path, "variant"), shock.descriptor, shock.variant),
        ):
            if found is not None:
                yield found
        if shock.descriptor in exogenous:
            yield (
                (*path, "descriptor"),
                f"shock on '{shock.descriptor}', which is exogenous",
                "change the variant in its trajectory instead of shocking it",
            )
        if (shock.period, shock.descriptor) in pairs:
            yield (
                (*path, "descriptor"),
                f"two shocks on '{shock.descriptor}' in period '{shock.period}'",
                "keep one shock per descriptor and period",
            )
        pairs.add((shock.period, shock.descriptor))
        yield from _refs(shock.evidence, evidence, path, f"shock '{shock.id}'")


def _thresholds(
    dynamics: Dynamics, base: FieldPath, variants: dict[str, set[str]], evidence: set[str]
) -> Iterator[Fault]:
    blocks: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for r, rule in enumerate(dynamics.thresholds):
        path: FieldPath = (*base, "thresholds", r)
        condition: dict[str, str] = {}
        for w, ref in enumerate(rule.when):
            descriptor, variant = ref.split(".")
            fault = _variant(variants, (*path, "when", w), descriptor, variant)
            if fault is not None:
                yield fault
            elif condition.get(descriptor, variant) != variant:
                yield (
                    (*path, "when", w),
                    f"'{ref}' beside '{descriptor}.{condition[descriptor]}': the condition "
                    "can never hold",
                    "name at most one variant of each descriptor in `when`",
                )
            condition.setdefault(descriptor, variant)
        sources = {impact.source.split(".")[0] for impact in rule.impacts}
        pairs: set[tuple[str, str]] = set()
        for k, impact in enumerate(rule.impacts):
            where: FieldPath = (*path, "impacts", k)
            source, source_variant = impact.source.split(".")
            target, target_variant = impact.target.split(".")
            for found in (
                _variant(variants, (*where, "source"), source, source_variant),
                _variant(variants, (*where, "target"), target, target_variant),
            ):
                if found is not None:
                    yield found
            if len(sources) > 1 and k == 0:
                yield (
                    (*path, "impacts"),
                    f"rule '{rule.id}' switches impacts of {', '.join(sorted(sources))}",
                    "a threshold rule switches the impacts of one descriptor: split it into "
                    "one rule per source descriptor",
                )
            if source == target:
                yield (
                    (*where, "target"),
                    f"impact of descriptor '{source}' on itself",
                    "a descriptor never acts on itself in CIB; target another descriptor",
                )
            if (impact.source, impact.target) in pairs:
                yield (
                    (*where, "target"),
                    f"the impact of {impact.source} on {impact.target} is given twice",
                    "keep one entry per (source, target) pair",
                )
            pairs.add((impact.source, impact.target))
            yield from _refs(impact.evidence, evidence, where, f"rule '{rule.id}'")
        for pair in {(s, t.split(".")[0]) for s, t in pairs}:
            blocks.setdefault(pair, []).append((r, condition))
    yield from _overlaps(dynamics, base, blocks)


def _overlaps(
    dynamics: Dynamics,
    base: FieldPath,
    blocks: dict[tuple[str, str], list[tuple[int, dict[str, str]]]],
) -> Iterator[Fault]:
    """Two rules that switch the row of one source variant on one target descriptor must
    have conditions that exclude each other (some descriptor in different variants), or the
    row would have two values at once."""
    reported: set[tuple[int, int]] = set()
    for (source, target), rules in sorted(blocks.items()):
        for a in range(len(rules)):
            for b in range(a + 1, len(rules)):
                (ra, ca), (rb, cb) = rules[a], rules[b]
                exclusive = any(d in cb and cb[d] != v for d, v in ca.items())
                if exclusive or (ra, rb) in reported:
                    continue
                reported.add((ra, rb))
                yield (
                    (*base, "thresholds", rb, "when"),
                    f"rules '{dynamics.thresholds[ra].id}' and '{dynamics.thresholds[rb].id}' "
                    f"both switch the impacts of {source} on '{target}' and can hold at once",
                    "make their conditions exclusive (one descriptor in different variants) "
                    "or merge them into one rule",
                )
