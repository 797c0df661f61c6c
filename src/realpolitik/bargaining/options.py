"""Named readings of the points that Scholz, Calbert & Smith (2011) leave open.

Each field of :class:`EumOptions` names one choice the expected-utility model must make where
the paper's text, its figure or its derivation admit more than one reading. The list of open
points given beside the replication data (``shared/data/eum/README.md``) maps onto
``challenge_salience``, ``security_level``, ``lower_hand_compromise`` (the sign condition of
the compromise in which the other side has the upper hand), ``compel_region`` (the border of
the compel region) and ``offer_choice`` (``least_move`` or ``most_powerful``). ``offer_view``
is a further ambiguity we met: whose reading of a pair turns into a move. The probability's
denominator, the votes' utility and the ``conflict_first`` offer order are differences between
the printed formulas and what public re-implementations report of the authors' code.

The border of the stalemate region needs no option: with Q = 1 an expected utility is exactly
0 only when two actors share a position, and such pairs are not contested at all.

The default is the combination with the lowest error on the 245 decided issues of the DEU III
development part (``scripts/eum_options_cv.py``; nested cross-validation of that choice, and
every combination's error, in ``docs/bargaining.md``). :data:`SCHOLZ_REPLICATION` is the
combination that comes closest to Scholz et al.'s published EC rounds, kept for the
replication; :data:`PRINTED_FORMULA` the readings of the printed formulas.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import ConfigDict

ChallengeSalience = Literal["responder", "challenger"]
SecurityLevel = Literal["challenges_received", "challenges_made"]
CompelRegion = Literal["gain_exceeds_loss", "loss_exceeds_gain"]
LowerHandCompromise = Literal["mirror", "reversed"]
OfferView = Literal["receiver", "proposer"]
OfferChoice = Literal["least_move", "most_powerful", "conflict_first", "scholz_code"]
ProbabilityDenominator = Literal["pair", "all_pairs"]
VoteUtility = Literal["linear", "risk_adjusted"]


@dataclass(frozen=True)
class EumOptions:
    """The open readings of the expected-utility model, one named choice each.

    challenge_salience:
        Whose salience weighs the chance that a challenge meets resistance in the expected
        utility of i challenging j. ``"responder"`` uses s_j (j resists with probability s_j,
        which is what the derivation in Scholz et al. section 2 gives); ``"challenger"`` uses
        s_i, as some printed versions of the formula read.
    security_level:
        Which expected utilities add up to actor i's security level, from which its risk
        exponent follows. ``"challenges_received"``: sum over j of E^j U_ji, what the others
        expect from challenging i (Bueno de Mesquita's reading: how exposed i's position is);
        ``"challenges_made"``: sum over j of E^i U_ij, what i expects from challenging them.
    compel_region:
        Where, in the quadrant in which the challenger expects to gain and the target to lose,
        the border between compelling and compromising lies. ``"gain_exceeds_loss"``: the
        winner compels when its expected gain exceeds the loser's expected loss, otherwise the
        loser compromises; ``"loss_exceeds_gain"``: the reverse inequality.
    lower_hand_compromise:
        The quadrant where the counterpart has the upper hand (where, by the reference data's
        README, the paper's text and figure disagree): ``"mirror"`` applies the same
        inequality as ``compel_region`` with the roles swapped; ``"reversed"`` applies the
        opposite inequality.
    offer_view:
        Whose perspective decides a move. ``"receiver"``: each actor moves according to its
        own reading of each pair (it concedes where it sees itself losing); ``"proposer"``:
        each actor proposes moves to the others where it sees itself winning, and the target
        takes the proposal.
    offer_choice:
        How an actor picks among several moves open to it. ``"least_move"``: the one that
        moves it the least (Bueno de Mesquita's rule); ``"most_powerful"``: the one offered by
        the counterpart with the largest capability; ``"conflict_first"``: a lost conflict
        before a compromise before a capitulation, the least move within a kind;
        ``"scholz_code"``: the same order, but compromises ranked by their
        expected-utility-weighted point (|E U_ij| x_i + |E U_ji| x_j) / (|E U_ij| + |E U_ji|),
        lowest first. The last is what a public re-implementation reports of Scholz et al.'s
        own code (see docs/bargaining.md); it favours the low end of the scale, so mirroring
        the scale need not mirror the forecast under it.
    probability_denominator:
        What the support for i over j is divided by in the probability of success.
        ``"pair"``: the absolute votes on this pair (the printed formula; P_ij + P_ji = 1);
        ``"all_pairs"``: the absolute votes of every actor on every ordered pair, which the
        same re-implementation reports from Scholz et al.'s code (probabilities then stay
        small and challenges rarely pay).
    vote_utility:
        The utility difference behind a vote. ``"linear"``: the difference of distances
        (risk-neutral voters); ``"risk_adjusted"``: each voter's distances raised to its own
        risk exponent (Bueno de Mesquita 1994 writes votes in utilities that carry r_k),
        so the probabilities are recomputed once the exponents are known.
    """

    # Results that record the options (a forecast's and a Monte Carlo run's parameters) hold
    # them as their JSON object of named readings; a reading they do not know is refused.
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

    # Chosen on DEU III, not on the EC case: see the module docstring.
    challenge_salience: ChallengeSalience = "responder"
    security_level: SecurityLevel = "challenges_received"
    compel_region: CompelRegion = "loss_exceeds_gain"
    lower_hand_compromise: LowerHandCompromise = "mirror"
    offer_view: OfferView = "proposer"
    offer_choice: OfferChoice = "conflict_first"
    probability_denominator: ProbabilityDenominator = "pair"
    vote_utility: VoteUtility = "risk_adjusted"

    def codes(self) -> tuple[int, int, int, int, int, int, int, int]:
        """Return the options as integer codes (0 = first reading) for the compiled kernel."""
        return (
            CHALLENGE_SALIENCE.index(self.challenge_salience),
            SECURITY_LEVEL.index(self.security_level),
            COMPEL_REGION.index(self.compel_region),
            LOWER_HAND_COMPROMISE.index(self.lower_hand_compromise),
            OFFER_VIEW.index(self.offer_view),
            OFFER_CHOICE.index(self.offer_choice),
            PROBABILITY_DENOMINATOR.index(self.probability_denominator),
            VOTE_UTILITY.index(self.vote_utility),
        )


#: The combination closest to Scholz et al.'s published EC rounds (fitted to that one case:
#: a replication, not a validated default).
SCHOLZ_REPLICATION = EumOptions(
    compel_region="gain_exceeds_loss",
    lower_hand_compromise="reversed",
    offer_view="receiver",
    offer_choice="scholz_code",
    probability_denominator="all_pairs",
)
#: The readings of the formulas as printed (Scholz et al. 2011): least move, pairwise
#: probabilities, linear votes, the receiver's view.
PRINTED_FORMULA = EumOptions(
    compel_region="gain_exceeds_loss",
    lower_hand_compromise="reversed",
    offer_view="receiver",
    offer_choice="least_move",
    probability_denominator="pair",
    vote_utility="linear",
)

CHALLENGE_SALIENCE: tuple[ChallengeSalience, ...] = ("responder", "challenger")
SECURITY_LEVEL: tuple[SecurityLevel, ...] = ("challenges_received", "challenges_made")
COMPEL_REGION: tuple[CompelRegion, ...] = ("gain_exceeds_loss", "loss_exceeds_gain")
LOWER_HAND_COMPROMISE: tuple[LowerHandCompromise, ...] = ("mirror", "reversed")
OFFER_VIEW: tuple[OfferView, ...] = ("receiver", "proposer")
OFFER_CHOICE: tuple[OfferChoice, ...] = (
    "least_move",
    "most_powerful",
    "conflict_first",
    "scholz_code",
)
PROBABILITY_DENOMINATOR: tuple[ProbabilityDenominator, ...] = ("pair", "all_pairs")
VOTE_UTILITY: tuple[VoteUtility, ...] = ("linear", "risk_adjusted")


def all_options() -> Iterator[EumOptions]:
    """Yield every combination of the open readings (512 in all)."""
    for combination in itertools.product(
        CHALLENGE_SALIENCE,
        SECURITY_LEVEL,
        COMPEL_REGION,
        LOWER_HAND_COMPROMISE,
        OFFER_VIEW,
        OFFER_CHOICE,
        PROBABILITY_DENOMINATOR,
        VOTE_UTILITY,
    ):
        yield EumOptions(*combination)
