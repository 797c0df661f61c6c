"""Compute limits: refuse before searching what cannot finish, stop what runs too long.

Two guards keep a study from running for ever or filling memory:

- before any search, :func:`realpolitik.scenarios.search.find_consistent` refuses work that
  cannot end within its limits: an exhaustive method (``reference``, ``enumerate``) over more
  scenarios than it visits in the time left (:data:`VISITS_PER_SECOND`), and a matrix whose
  unlinked descriptors alone make more consistent scenarios than the limit;
- during the work a :class:`Deadline` stops every search: the Numba kernels watch a stop
  flag that a timer sets (:func:`stop_flag`), CP-SAT gets the time left as its own
  limit, the reference enumerator and succession look at the clock as they go. Running past
  it raises :class:`~realpolitik.scenarios.errors.ComputeLimitError`.

Memory is bounded by the ``limit`` on consistent scenarios (the kernels stop at ``limit + 1``)
and by describing scenarios in chunks.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.scenarios.errors import ComputeLimitError, ScenarioError

#: The time budget of a study when the command line is not told otherwise (seconds). The
#: main job's scenario stage on the built-in case takes about a minute and a half, most of
#: it in the exact succession basins.
DEFAULT_MAX_SECONDS = 600.0

#: Scenarios an exhaustive method visits per second: ten times what one core of the
#: development machine does on 11 descriptors of 4 variants (enumerate 3e6/s, reference
#: 6e3/s), so that only work plainly out of reach is refused before it starts; the deadline
#: stops the rest.
VISITS_PER_SECOND = {"enumerate": 3e7, "reference": 1e5}

#: The ways out of a search that runs too long, for every message that says so.
WAY_OUT = (
    "give it more time (--max-seconds), fix descriptors with an intervention (--fix), lower "
    "the tolerance, or judge the impacts that still link the descriptors"
)


@dataclass(frozen=True)
class Deadline:
    """The moment (``time.monotonic``) a study must be done by, ``seconds`` after it began."""

    seconds: float
    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now."""
        if not (math.isfinite(seconds) and seconds > 0):
            raise ScenarioError(f"max_seconds={seconds!r}: give a number of seconds above 0")
        return cls(float(seconds), time.monotonic() + seconds)

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def error(self, doing: str, fix: str = WAY_OUT) -> ComputeLimitError:
        """The error for ``doing`` (e.g. "the search") having run out of time."""
        return ComputeLimitError(
            f"{doing} ran past the time budget of {self.seconds:g} s and was stopped", fix
        )

    def check(self, doing: str, fix: str = WAY_OUT) -> None:
        """Raise :meth:`error` once the deadline has passed."""
        if self.expired():
            raise self.error(doing, fix)


@contextmanager
def stop_flag(
    deadline: Deadline | None, stop: NDArray[np.bool_] | None = None
) -> Iterator[NDArray[np.bool_]]:
    """A stop flag (``stop[0]``) that a timer sets at ``deadline``, for the kernels that run
    without the GIL and look at it as they go: ``stop`` if given (others may set it too),
    else a new one. Without a deadline only others set it."""
    flag = np.zeros(1, dtype=np.bool_) if stop is None else stop
    if deadline is None:
        yield flag
        return
    timer = threading.Timer(deadline.remaining(), flag.__setitem__, (0, True))
    timer.daemon = True
    timer.start()
    try:
        yield flag
    finally:
        timer.cancel()


def check_visits(method: str, space: int, deadline: Deadline | None) -> None:
    """Refuse an exhaustive ``method`` over ``space`` scenarios it cannot visit before
    ``deadline``."""
    rate = VISITS_PER_SECOND.get(method)
    if rate is None or deadline is None:
        return
    seconds = space / rate
    if seconds > deadline.remaining():
        raise ComputeLimitError(
            f"method {method!r} visits every one of the {describe_count(space)} scenarios, "
            f"which takes more than {seconds:.3g} s, beyond the time budget of "
            f"{deadline.seconds:g} s",
            "use method 'auto' or 'branch-and-bound', which prune, or fix descriptors (--fix)",
        )


def describe_count(number: int) -> str:
    """A count for messages: with thousands separators, or as 6.37e+33 when long."""
    return f"{number:,}" if number < 10**9 else f"{float(number):.3g}"
