"""Real bargaining records: DEU III files and plain CSV tables, read into plain issues.

A :class:`BargainingRecord` is one contested issue that was decided: every involved actor's
position (on the issue's scale), salience (0-1) and capability, the reference point (what
happens without a decision) when known, and the outcome. Two layouts are read:

* the DEU III layout (Arregui & Perarnaud 2021, doi:10.34810/data53; the tab-separated export
  bundled in ``realpolitik/validation/data``): one issue per line, ``p<actor>``/``s<actor>``
  columns, ``rp`` and ``out``; a second line of GDP figures is skipped;
* a long table (``.csv``): one row per actor and issue with the columns ``issue``, ``actor``,
  ``position``, ``salience`` and optionally ``capability``, ``reference``, ``outcome``,
  ``scale_low``, ``scale_high`` (issue-level values repeated on each of its rows, or given on
  one row and left empty on the others). An issue with its own scale is put on 0-100 (a
  linear map of positions, reference and outcome), so that errors are comparable.

The counting conventions are those published figures on DEU III use: an issue counts when its
outcome lies on the scale; an actor counts on an issue when both its position and its salience
do; issues with fewer than three such actors are left out (and listed in
:attr:`DataSet.skipped`). Salience is read on 0-100 and divided by 100.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Capability = Literal["equal", "votes"]
CAPABILITIES: tuple[Capability, ...] = ("equal", "votes")
MIN_ACTORS = 3

DEU3_CITATION = (
    "Arregui, J. & Perarnaud, C. (2021), A new dataset on legislative decision-making in the "
    "European Union: the DEU III dataset, Journal of European Public Policy; data "
    "doi:10.34810/data53 (CC BY 4.0)"
)
BUNDLED_NAME = "deu3-development.tsv"

#: DEU III actor codes: the Commission, the Parliament and the member states.
DEU3_ACTORS: tuple[str, ...] = (
    "com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu",
    "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk",
)  # fmt: skip
INSTITUTIONS = ("com", "ep")

# Council votes under qualified majority by treaty period (Treaty of Amsterdam weights until
# 31 October 2004, with the accession treaty's interim weights for the May 2004 entrants;
# Treaty of Nice weights from 1 November 2004). From 1 November 2014 (Lisbon) a state's
# weight is its population share: Eurostat populations on 1 January 2015, in millions.
_AMSTERDAM = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
    # interim weights of the 2004 entrants, 1 May - 31 October 2004
    "pl": 8, "cz": 5, "hu": 5, "sk": 3, "lt": 3, "lv": 3, "si": 3, "ee": 3, "cy": 2, "mt": 2,
}  # fmt: skip
_NICE = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12,
    "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7,
    "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
_POPULATION_2015 = {
    "de": 81.2, "fr": 66.4, "uk": 64.9, "it": 60.8, "es": 46.4, "pl": 38.0, "ro": 19.9,
    "nl": 16.9, "be": 11.3, "el": 10.9, "cz": 10.5, "pt": 10.4, "hu": 9.85, "se": 9.75,
    "at": 8.58, "bu": 7.20, "dk": 5.66, "fi": 5.47, "sk": 5.42, "ie": 4.63, "cr": 4.23,
    "lt": 2.92, "si": 2.06, "lv": 1.99, "ee": 1.31, "cy": 0.85, "lu": 0.56, "mt": 0.43,
}  # fmt: skip
NICE_START = dt.date(2004, 11, 1)
LISBON_START = dt.date(2014, 11, 1)


class DataError(ValueError):
    """A data file cannot be read; the message names the file, the line and the fix."""


@dataclass(frozen=True, eq=False)
class BargainingRecord:
    """One decided issue: who wanted what, how much they cared, and what was decided."""

    id: str
    actors: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    outcome: float
    reference: float | None = None
    scale: tuple[float, float] = (0.0, 100.0)
    date: dt.date | None = None
    location: str = ""

    @property
    def weights(self) -> FloatArray:
        """Capability times salience, the weight every baseline gives an actor."""
        result: FloatArray = self.capabilities * self.saliences
        return result

    @property
    def span(self) -> float:
        return self.scale[1] - self.scale[0]


@dataclass(frozen=True)
class DataSet:
    """Records read from one file, with what was left out and why."""

    name: str
    records: tuple[BargainingRecord, ...]
    capability: Capability | Literal["given"]
    citation: str = ""
    skipped: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.records)


def bundled_path() -> Path:
    """Path of the bundled DEU III development part."""
    return Path(str(resources.files("realpolitik.validation") / "data" / BUNDLED_NAME))


def read_dataset(path: str | Path | None = None, capability: Capability = "equal") -> DataSet:
    """Read a DEU III-layout file or a long CSV table; ``None`` reads the bundled data.

    The layout is recognised by the header: an ``isnr`` column means DEU III, an ``issue`` and
    an ``actor`` column a long table. ``capability`` applies to DEU III files (a long table
    gives its own capabilities, or 1 for all).
    """
    if capability not in CAPABILITIES:
        raise DataError(f"unknown capability {capability!r}; choose equal or votes")
    file = bundled_path() if path is None else Path(path)
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{file}: no such file; give the path of a DEU III or CSV file") from None
    except UnicodeDecodeError as error:
        raise DataError(
            f"{file}: not UTF-8 text (byte {error.start}); save the file as UTF-8"
        ) from None
    except OSError as error:
        raise DataError(f"{file}: cannot be read ({error.strerror})") from None
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise DataError(f"{file}: the file is empty; give a header line and one row per issue")
    header = [name.strip().lower() for name in rows[0]]
    if "isnr" in header:
        return _read_deu3(file, header, rows, capability)
    if "issue" in header and "actor" in header:
        return _read_long(file, header, rows)
    raise DataError(
        f"{file}:1: unknown layout (header {', '.join(header[:6])}...); use the DEU III "
        "layout (columns isnr, p<actor>, s<actor>, rp, out) or a long table with the "
        "columns issue, actor, position, salience[, capability, reference, outcome]"
    )


def _number(text: str) -> float | None:
    """A cell's number, or None when it is empty or not a finite number."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _on_scale(value: float | None, low: float = 0.0, high: float = 100.0) -> bool:
    return value is not None and low <= value <= high


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{2})$")
# A spreadsheet that took dd-mm-yy for yy-mm-dd writes it back as 20dd-mm-yy or 19dd-mm-yy.
_MANGLED = re.compile(r"^(19|20)(\d{2})-(\d{2})-(\d{2})$")


def parse_deu3_date(text: str) -> dt.date | None:
    """A DEU III date (``dd-mm-yy``, or the mangled ``20dd-mm-yy``); None when unreadable."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _MANGLED.match(text)
        if not match:
            return None
        day, month, year = int(match[2]), int(match[3]), int(match[4])
    full_year = 1900 + year if year >= 50 else 2000 + year
    try:
        return dt.date(full_year, month, day)
    except ValueError:
        return None


def council_weights(date: dt.date) -> Mapping[str, float]:
    """Each member state's Council weight in force on ``date`` (see the module's table)."""
    if date >= LISBON_START:
        return _POPULATION_2015
    if date >= NICE_START:
        return {state: float(votes) for state, votes in _NICE.items()}
    return {state: float(votes) for state, votes in _AMSTERDAM.items()}


def _read_deu3(
    file: Path, header: list[str], rows: list[list[str]], capability: Capability
) -> DataSet:
    column = {name: index for index, name in enumerate(header)}
    missing = [
        name
        for name in ("isnr", "rp", "out", *(f"p{a}" for a in DEU3_ACTORS))
        if name not in column
    ]
    if missing:
        raise DataError(
            f"{file}:1: missing column(s) {', '.join(missing[:5])}; a DEU III file has isnr, "
            "p<actor>, s<actor>, rp and out for the actors " + " ".join(DEU3_ACTORS)
        )
    records: list[BargainingRecord] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))
        issue_id = row[column["isnr"]].strip()
        if not issue_id:
            if line_number == 2:
                continue  # the GDP row that the published export adds under the header
            raise DataError(f"{file}:{line_number}: isnr is empty; give every issue an id")
        if issue_id in seen:
            raise DataError(
                f"{file}:{line_number}: issue {issue_id} already given on line "
                f"{seen[issue_id]}; each issue appears once"
            )
        seen[issue_id] = line_number
        location = f"{file.name}:{line_number}"
        outcome = _number(row[column["out"]])
        if not _on_scale(outcome):
            skipped.append(f"{issue_id} ({location}): no outcome on 0-100")
            continue
        actors, positions, saliences = [], [], []
        for actor in DEU3_ACTORS:
            position = _number(row[column[f"p{actor}"]])
            salience = _number(row[column.get(f"s{actor}", -1)]) if f"s{actor}" in column else None
            if _on_scale(position) and _on_scale(salience):
                actors.append(actor)
                positions.append(position)
                saliences.append(salience)
        if len(actors) < MIN_ACTORS:
            skipped.append(
                f"{issue_id} ({location}): {len(actors)} actors with position and salience"
            )
            continue
        date = _first_date(row, column)
        weights = _capabilities(actors, capability, date, location)
        reference = _number(row[column["rp"]])
        assert outcome is not None
        records.append(
            BargainingRecord(
                id=issue_id,
                actors=tuple(actors),
                positions=np.array(positions, dtype=np.float64),
                saliences=np.array(saliences, dtype=np.float64) / 100.0,
                capabilities=weights,
                outcome=outcome,
                reference=reference if _on_scale(reference) else None,
                date=date,
                location=location,
            )
        )
    if not records:
        raise DataError(
            f"{file}: no issue counts (each needs an outcome on 0-100 and at least "
            f"{MIN_ACTORS} actors with position and salience)"
        )
    return DataSet(
        name=file.name,
        records=tuple(records),
        capability=capability,
        citation=DEU3_CITATION,
        skipped=tuple(skipped),
    )


def _first_date(row: Sequence[str], column: Mapping[str, int]) -> dt.date | None:
    """The date of the final act when readable, else of the proposal's introduction."""
    for name in ("finact", "intro"):
        if name in column:
            date = parse_deu3_date(row[column[name]])
            if date is not None:
                return date
    return None


def _capabilities(
    actors: Sequence[str], capability: Capability, date: dt.date | None, location: str
) -> FloatArray:
    if capability == "equal":
        return np.ones(len(actors))
    if date is None:
        raise DataError(
            f"{location}: neither finact nor intro holds a readable date, so the treaty "
            "period of the Council votes is unknown; use --capability equal or fix the date"
        )
    table = council_weights(date)
    states = [actor for actor in actors if actor not in INSTITUTIONS]
    unknown = [state for state in states if state not in table]
    if unknown:
        raise DataError(
            f"{location}: {', '.join(unknown)} had no Council vote on {date.isoformat()}; "
            "check the date or the positions, or use --capability equal"
        )
    largest = max((table[state] for state in states), default=1.0)
    return np.array([largest if a in INSTITUTIONS else table[a] for a in actors], dtype=float)


_LONG_REQUIRED = ("issue", "actor", "position", "salience")
_ISSUE_LEVEL = ("reference", "outcome", "scale_low", "scale_high")


def _read_long(file: Path, header: list[str], rows: list[list[str]]) -> DataSet:
    column = {name: index for index, name in enumerate(header)}
    missing = [name for name in _LONG_REQUIRED if name not in column]
    if missing:
        raise DataError(
            f"{file}:1: missing column(s) {', '.join(missing)}; a long table needs "
            "issue, actor, position, salience"
        )
    grouped: dict[str, list[tuple[int, list[str]]]] = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataError(
                f"{file}:{line_number}: {len(row)} cells where the header has {len(header)}; "
                "give every row the same columns as the header"
            )
        grouped.setdefault(row[column["issue"]].strip(), []).append((line_number, row))
    records = []
    skipped = []
    for issue_id, issue_rows in grouped.items():
        first_line = issue_rows[0][0]
        location = f"{file.name}:{first_line}"
        if not issue_id:
            raise DataError(f"{file}:{first_line}: issue is empty; name every row's issue")
        level = _issue_level(file, issue_id, issue_rows, column)
        low = level.get("scale_low", 0.0)
        high = level.get("scale_high", 100.0)
        if not low < high:
            raise DataError(
                f"{file}:{first_line}: scale_low {low} is not below scale_high {high} for "
                f"issue {issue_id}; give scale_low < scale_high"
            )
        outcome = level.get("outcome")
        if not _on_scale(outcome, low, high):
            skipped.append(f"{issue_id} ({location}): no outcome on the scale")
            continue
        actors, positions, saliences, capabilities = [], [], [], []
        for line_number, row in issue_rows:
            actor = row[column["actor"]].strip()
            if not actor:
                raise DataError(f"{file}:{line_number}: actor is empty; name the actor")
            if actor in actors:
                raise DataError(
                    f"{file}:{line_number}: actor {actor} appears twice on issue {issue_id}; "
                    "give each actor one row per issue"
                )
            values = {}
            for name, bounds in (
                ("position", (low, high)),
                ("salience", (0.0, 100.0)),
                ("capability", (0.0, math.inf)),
            ):
                if name not in column:
                    continue
                cell = row[column[name]]
                value = _number(cell)
                if cell.strip() and (value is None or not bounds[0] <= value <= bounds[1]):
                    raise DataError(
                        f"{file}:{line_number}: {name} {cell.strip()!r} of {actor} on "
                        f"{issue_id} is not a number in [{bounds[0]:g}, {bounds[1]:g}]; "
                        "correct it or leave the cell empty to leave the actor out"
                    )
                values[name] = value
            if values["position"] is None or values["salience"] is None:
                continue
            actors.append(actor)
            positions.append(values["position"])
            saliences.append(values["salience"])
            capability = values.get("capability")
            capabilities.append(1.0 if capability is None else capability)
        if len(actors) < MIN_ACTORS:
            skipped.append(f"{issue_id} ({location}): {len(actors)} actors")
            continue
        reference = level.get("reference")
        assert outcome is not None
        # Every record is put on 0-100, so errors are comparable across issues.
        shift, stretch = low, 100.0 / (high - low)
        records.append(
            BargainingRecord(
                id=issue_id,
                actors=tuple(actors),
                positions=(np.array(positions, dtype=np.float64) - shift) * stretch,
                saliences=np.array(saliences, dtype=np.float64) / 100.0,
                capabilities=np.array(capabilities, dtype=np.float64),
                outcome=(outcome - shift) * stretch,
                reference=(reference - shift) * stretch
                if reference is not None and _on_scale(reference, low, high)
                else None,
                location=location,
            )
        )
    if not records:
        raise DataError(
            f"{file}: no issue counts (each needs an outcome on its scale and at least "
            f"{MIN_ACTORS} actors with position and salience)"
        )
    return DataSet(
        name=file.name, records=tuple(records), capability="given", skipped=tuple(skipped)
    )


def _issue_level(
    file: Path,
    issue_id: str,
    issue_rows: Iterable[tuple[int, list[str]]],
    column: Mapping[str, int],
) -> dict[str, float]:
    """Issue-level values (outcome, reference, scale), which must agree where repeated."""
    level: dict[str, float] = {}
    first: dict[str, int] = {}
    for line_number, row in issue_rows:
        for name in _ISSUE_LEVEL:
            if name not in column or not row[column[name]].strip():
                continue
            value = _number(row[column[name]])
            if value is None:
                raise DataError(
                    f"{file}:{line_number}: {name} {row[column[name]].strip()!r} of issue "
                    f"{issue_id} is not a number; correct it or leave it empty"
                )
            if name in level and level[name] != value:
                raise DataError(
                    f"{file}:{line_number}: {name} of issue {issue_id} is {value:g} here but "
                    f"{level[name]:g} on line {first[name]}; give one value per issue"
                )
            level[name] = value
            first[name] = line_number
    return level
