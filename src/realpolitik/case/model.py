"""The case model: typed, immutable descriptions of a geopolitical system.

These pydantic models check each value on its own (types, ranges, identifiers, the shape of
a judgment). Checks that need the whole case (references between sections, dates against
``as_of``, the structure of game trees) live in :mod:`realpolitik.case.checks`. The file
format is described for users in ``docs/case-format.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
MAX_ANCHOR_WORDS = 12
CHANCE = "chance"
#: The largest size of a judged number (value, sd, either end of a range). Scores and
#: probabilities have their own scales; a payoff's unit is free, so larger numbers only
#: invite overflow in the sweeps and the exact arithmetic of the game solvers.
MAX_JUDGED = 1e9

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Percent = Annotated[float, Field(ge=0, le=100)]
Share = Annotated[float, Field(ge=0, le=1)]
OUTCOME_PATTERN = r"^[a-z][a-z0-9-]*( / [a-z][a-z0-9-]*)*$"
VariantRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$")]


class _Model(BaseModel):
    # No NaN or infinity anywhere: every engine computes with the numbers as given.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _fault(message: str, fix: str) -> PydanticCustomError:
    """A validation error that carries our own 'how to fix' text."""
    return PydanticCustomError("realpolitik", message, {"fix": fix})


def check_grounds(
    evidence: tuple[str, ...], assumption: str | None, missing: tuple[str, str] | None
) -> None:
    """Evidence or a stated assumption, never both; with ``missing`` = (what is ungrounded,
    why-text for the fix), one of them is required too."""
    if evidence and assumption is not None:
        raise _fault(
            "both evidence and an assumption are given",
            "keep the evidence list and drop `assumption`, or the reverse",
        )
    if missing is not None and not evidence and assumption is None:
        what, why = missing
        raise _fault(
            f"{what} without evidence or assumption",
            f'add `evidence = ["evidence-id"]` or `assumption = "{why}"`',
        )


class Judgment(_Model):
    """A number a person judged, with its uncertainty and its evidence or stated assumption."""

    value: float
    sd: float | None = Field(default=None, ge=0)
    range: tuple[float, float] | None = None
    evidence: tuple[Identifier, ...] = ()
    assumption: Text | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _grounded_once(self) -> Self:
        numbers = [self.value, *(self.range or ()), *([] if self.sd is None else [self.sd])]
        if any(abs(number) > MAX_JUDGED for number in numbers):
            raise _fault(
                f"a judged number beyond {MAX_JUDGED:g} in size",
                "use a smaller unit: judged numbers lie within -1e9..1e9",
            )
        check_grounds(self.evidence, self.assumption, ("a judged number", "why this value"))
        if self.sd is not None and self.range is not None:
            raise _fault("both `sd` and `range` are given", "state the uncertainty one way only")
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise _fault(f"range [{low:g}, {high:g}] runs backwards", "write it as [low, high]")
            if not low <= self.value <= high:
                raise _fault(
                    f"value {self.value:g} lies outside its range [{low:g}, {high:g}]",
                    "widen the range or correct the value",
                )
        return self

    @property
    def is_assumption(self) -> bool:
        return self.assumption is not None

    @property
    def is_uncertain(self) -> bool:
        """Whether the judgment states a non-degenerate uncertainty."""
        if self.sd is not None:
            return self.sd > 0
        if self.range is not None:
            return self.range[1] > self.range[0]
        return False

    @property
    def grounds(self) -> str:
        """The evidence ids, or the assumption, as one line of text."""
        if self.evidence:
            return "evidence: " + ", ".join(self.evidence)
        if self.assumption:
            return "assumption: " + self.assumption
        return "no evidence given"


class Score(Judgment):
    """A judgment on the 0-100 scale (capability, position, salience)."""

    value: float = Field(ge=0, le=100)
    range: (
        tuple[Annotated[float, Field(ge=0, le=100)], Annotated[float, Field(ge=0, le=100)]] | None
    ) = None


class Probability(Judgment):
    """A judged probability of a chance move."""

    value: float = Field(ge=0, le=1)
    range: (
        tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] | None
    ) = None


class CaseInfo(_Model):
    id: Identifier
    title: Text
    as_of: dt.date
    description: str = ""


class Source(_Model):
    id: Identifier
    title: Text
    author: Text
    publisher: Text
    # When the text was written or published.
    date: dt.date
    # The period the text reports on, first and last day, when it differs from `date`: a
    # review written after the case's as_of about events before it may back a judgment.
    covers: tuple[dt.date, dt.date] | None = None
    file: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered_period(self) -> Self:
        if self.covers is not None:
            first, last = self.covers
            if first > last:
                raise _fault(
                    f"covers [{first}, {last}] runs backwards", "write it as [first, last]"
                )
            if last > self.date:
                raise _fault(
                    f"covers ends on {last}, after the source's date {self.date}",
                    "a text reports only what happened by the time it was written: end "
                    "`covers` on or before `date`, or correct `date`",
                )
        return self


class Evidence(_Model):
    """A citation: a short verbatim anchor in a numbered paragraph, and our reading of it."""

    id: Identifier
    source: Identifier
    paragraph: int = Field(ge=1)
    anchor: Text
    claim: Text

    @field_validator("anchor")
    @classmethod
    def _short_anchor(cls, anchor: str) -> str:
        words = len(anchor.split())
        if words > MAX_ANCHOR_WORDS:
            raise _fault(
                f"anchor has {words} words, more than {MAX_ANCHOR_WORDS}",
                f"shorten it to at most {MAX_ANCHOR_WORDS} consecutive words of the paragraph",
            )
        return anchor


class Actor(_Model):
    id: Identifier
    name: Text
    kind: Literal["state", "bloc", "institution", "non-state"]
    capability: Score
    description: str = ""


class Position(_Model):
    actor: Identifier
    position: Score
    salience: Score


class ScaleAnchor(_Model):
    """A labelled point of an issue's 0-100 scale: what a value there means in the world
    ("50 = what the interim deal delivered"), grounded in evidence or a stated assumption
    when the point is a reading rather than a definition."""

    at: Percent
    meaning: Text
    evidence: tuple[Identifier, ...] = ()
    assumption: Text | None = None

    @model_validator(mode="after")
    def _grounded_at_most_once(self) -> Self:
        check_grounds(self.evidence, self.assumption, None)
        return self


class Issue(_Model):
    id: Identifier
    title: Text
    low: Text
    high: Text
    description: str = ""
    # What happens on this issue if no agreement is reached (the status quo), on the 0-100
    # scale. Models that bargain from a disagreement point use it; the others ignore it.
    reference: Score | None = None
    # Named points of the scale between its two ends, shown on every chart of the issue.
    anchors: tuple[ScaleAnchor, ...] = ()
    positions: tuple[Position, ...] = Field(min_length=2)

    @field_validator("anchors")
    @classmethod
    def _anchors_apart(cls, anchors: tuple[ScaleAnchor, ...]) -> tuple[ScaleAnchor, ...]:
        seen: set[float] = set()
        for anchor in anchors:
            if anchor.at in seen:
                raise _fault(
                    f"two anchors at {anchor.at:g}",
                    "give each point of the scale one meaning: merge them or move one",
                )
            seen.add(anchor.at)
        return anchors


class Variant(_Model):
    id: Identifier
    name: Text
    description: str = ""
    # Where this variant lies on the linked issue's 0-100 scale (see Descriptor.issue).
    scale: tuple[Percent, Percent] | None = None

    @model_validator(mode="after")
    def _ordered_scale(self) -> Self:
        if self.scale is not None and self.scale[0] > self.scale[1]:
            raise _fault(
                f"scale [{self.scale[0]:g}, {self.scale[1]:g}] runs backwards",
                "write it as [low, high]",
            )
        return self


class Descriptor(_Model):
    id: Identifier
    name: Text
    description: str = ""
    # The bargaining issue this descriptor describes; its variants then give their `scale`.
    issue: Identifier | None = None
    variants: tuple[Variant, ...] = Field(min_length=2, max_length=7)


class CrossImpact(Judgment):
    """Variant ``source`` promotes (value > 0) or hinders (< 0) variant ``target``."""

    source: VariantRef
    target: VariantRef
    value: int = Field(ge=-3, le=3)
    # Sampled judgments are clipped to the -3..+3 scale, so a range beyond it says nothing.
    range: (
        tuple[Annotated[float, Field(ge=-3, le=3)], Annotated[float, Field(ge=-3, le=3)]] | None
    ) = None


class Intervention(_Model):
    id: Identifier
    title: Text
    fix: dict[Identifier, Identifier] = Field(min_length=1)


# The dynamics section builds on the models above and its module imports this one: hence here.
from realpolitik.case.dynamics import Dynamics  # noqa: E402


class Scenarios(_Model):
    descriptors: tuple[Descriptor, ...] = ()
    impacts: tuple[CrossImpact, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    dynamics: Dynamics | None = None  # periods for dynamic CIB (realpolitik.case.dynamics)


class Move(_Model):
    """A move at a node: ``to`` names the next node or an outcome; ``name`` is the move in
    words; ``probability`` belongs to chance moves only."""

    id: Identifier
    name: str = ""
    to: Identifier
    probability: Probability | None = None

    @property
    def label(self) -> str:
        """The move in words, falling back to its id."""
        return self.name or self.id


class Node(_Model):
    id: Identifier
    player: Identifier
    infoset: Identifier | None = None
    description: str = ""
    moves: tuple[Move, ...] = Field(min_length=1)

    @property
    def is_chance(self) -> bool:
        """Whether nature moves here."""
        return self.player == CHANCE


class GameOutcome(_Model):
    id: Identifier
    description: str = ""
    payoffs: dict[Identifier, Judgment]
    # Scenario variants this outcome would bring about (descriptor.variant).
    implies: tuple[VariantRef, ...] = ()


class Cell(_Model):
    # An optional name for the cell, usable wherever an outcome of the game is named (an
    # outcome's `outcome`); the cell is also named by its strategies, "status-quo / hedging".
    id: Identifier | None = None
    profile: dict[Identifier, Identifier]
    description: str = ""
    payoffs: dict[Identifier, Judgment]
    implies: tuple[VariantRef, ...] = ()


class Game(_Model):
    """A moment of choice: a tree of nodes and outcomes (``form = "extensive"``) or a table of
    strategies and cells (``"normal"``). Its structure is checked as a whole by
    :func:`realpolitik.case.checks.game_faults`; the game engine solves it as an
    :class:`~realpolitik.games.ExtensiveGame` or :class:`~realpolitik.games.NormalGame`, which
    are this model with the engine's methods."""

    id: Identifier
    title: Text
    description: str = ""
    form: Literal["extensive", "normal"]
    players: tuple[Identifier, ...] = Field(min_length=1)
    payoffs: Literal["ordinal", "cardinal"] = "ordinal"
    root: Identifier | None = None
    nodes: tuple[Node, ...] = ()
    outcomes: tuple[GameOutcome, ...] = ()
    strategies: dict[Identifier, tuple[Identifier, ...]] = Field(default_factory=dict)
    cells: tuple[Cell, ...] = ()

    @property
    def root_id(self) -> str | None:
        if self.root is not None:
            return self.root
        return self.nodes[0].id if self.nodes else None

    def profile_id(self, profile: dict[str, str]) -> str:
        """A cell's outcome id as the engines name it: its strategies in player order,
        joined by " / " (the same as :meth:`realpolitik.games.NormalGame.outcome_id`)."""
        return " / ".join(profile.get(player, "?") for player in self.players)

    def outcome_names(self) -> dict[str, str]:
        """Every way an outcome of this game may be named, to the id the engines give it: an
        outcome's id (extensive form); a cell's id and its " / " profile (normal form)."""
        if self.form == "extensive":
            return {outcome.id: outcome.id for outcome in self.outcomes}
        names: dict[str, str] = {}
        for cell in self.cells:
            key = self.profile_id(cell.profile)
            names[key] = key
            if cell.id is not None:
                names[cell.id] = key
        return names


class Fact(_Model):
    id: Identifier
    name: Text
    kind: Literal["integer", "number", "date", "text"]
    value: object  # checked against `kind` in realpolitik.case.checks
    unit: str = ""
    evidence: tuple[Identifier, ...] = Field(min_length=1)


class Outcome(_Model):
    id: Identifier
    description: Text
    date: dt.date
    source: Identifier
    issue: Identifier | None = None
    value: float | None = Field(default=None, ge=0, le=100)
    descriptor: Identifier | None = None
    variant: Identifier | None = None
    game: Identifier | None = None
    # An outcome id of an extensive-form game; for a table, a cell's id or its strategies
    # joined by " / " in player order ("status-quo / hedging").
    outcome: Annotated[str, StringConstraints(pattern=OUTCOME_PATTERN)] | None = None


class Case(_Model):
    """A whole case: metadata, sources, evidence and the inputs of every engine."""

    case: CaseInfo
    sources: tuple[Source, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = ()
    scenarios: Scenarios = Scenarios()
    games: tuple[Game, ...] = ()
    facts: tuple[Fact, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    _file: str = PrivateAttr(default="")
    _digest: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def file(self) -> str:
        """The file the case was loaded from ('' when built in memory)."""
        return self._file

    @property
    def digest(self) -> str:
        """SHA-256 of the case file's bytes ('' when built in memory)."""
        return self._digest

    def actor(self, actor_id: str) -> Actor:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def game(self, game_id: str) -> Game:
        for game in self.games:
            if game.id == game_id:
                return game
        raise KeyError(game_id)

    def evidence_item(self, evidence_id: str) -> Evidence:
        for item in self.evidence:
            if item.id == evidence_id:
                return item
        raise KeyError(evidence_id)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)
