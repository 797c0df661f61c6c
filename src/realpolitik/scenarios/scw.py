"""ScenarioWizard files: ``.scw`` projects (read and write), ``.sl`` solution lists (read and
write), and a plain CSV layout of the matrix (read and write).

The ``.scw`` text layout, as ScenarioWizard 4 writes it (see the ScenarioWizard manual,
Weimer-Jehle, ZIRIUS Stuttgart, and files saved by ScenarioWizard):

1. a header line ``$ ScenarioWizard 4.0``;
2. a title line (ScenarioWizard keeps the file name there);
3. the structure: a ``&Name`` line per descriptor, each followed by its `` -Name`` variant
   lines;
4. sections closed by lines holding only ``#``; the first section that holds numbers is the
   cross-impact matrix, one comma-separated row per source variant (row = source, column =
   target). The four sections before it are kept as they are (ScenarioWizard fills the
   first with a ``&`` line per descriptor and a blank line per variant, and the third with a
   colour per variant such as ``FFFFFF``; they may also be empty);
5. after the matrix's closing ``#``: the explanation texts, kept verbatim.

ScenarioWizard writes each judgment after a sign place (a space for zero and positive
numbers, ``-`` otherwise), followed by a space, and joins them with commas (`` 0 ,-2 , 3 ``,
and for the aggregated judgments of nested studies `` 15 ,-11 ``); other files space the commas
(``0 , -2 , 3``). Both read the same; a file read and written back keeps its layout. Judgments
of any size are read, and so are nonzero diagonal blocks (a descriptor acting on itself, see
:mod:`realpolitik.scenarios.model`).

A ``.sl`` solution list, as ScenarioWizard exports it::

    $ ScenarioWizard 3.0
    Solution set
     2
    <blank line>
    " 1 3 2",0,0,0,38,""
    " 2 1 3",7716891,2,0,42,""

that is a header, a title, the number of solutions, then one line per scenario: its
variant numbers (1-based) in quotes, then five fields. Checked against the matrices the
exports came from (tests/data/scenariowizard/, its README gives the evidence):

1. the *frequency*: how many succession runs ended in this scenario. ScenarioWizard fills it
   when the solutions came from succession (global succession from every scenario of the
   space, or from a Monte Carlo sample of random starts, 100,000 in the exports we have) and
   writes 0 when they came from a complete consistency search. In an export from every start
   it equals the scenario's global-succession basin size exactly (checked on all 22,674,816
   starts of ``CIB_nested_simplified_standardized``);
2. the consistency margin (see :func:`realpolitik.scenarios.balance.consistency_margin`):
   negative, minus the inconsistency, for a scenario listed at a tolerance above 0;
3. 0 in every export we have; its meaning is not documented and it is kept verbatim;
4. the total impact score;
5. the scenario's name, quoted (empty unless the user named it).

The inconsistency is not a field of its own: it is ``max(0, -margin)``.

Reading reports every problem with the file name and line number and says how to fix it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from realpolitik.scenarios.balance import consistency_margin, total_impact_score
from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.model import CrossImpactMatrix, ScenarioTuple

HEADER = "$ ScenarioWizard 4.0"
SL_HEADER = "$ ScenarioWizard 3.0"
# ASCII digits only: what ScenarioWizard writes, and what ``float`` and ``int`` read back.
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_WHOLE = re.compile(r"^\d+$", re.ASCII)

#: How matrix rows are laid out: ScenarioWizard's own (`` 0 ,-2 , 3 ``) or spaced commas
#: (``0 , -2 , 3``).
RowStyle = Literal["scenariowizard", "spaced"]


@dataclass(frozen=True)
class ScwDocument:
    """A ``.scw`` file as read: the matrix, the header line, the sections found between the
    structure and the matrix (each a list of lines), and the text after the matrix."""

    matrix: CrossImpactMatrix
    header: str
    sections: tuple[tuple[str, ...], ...]
    explanations: str
    row_style: RowStyle = "scenariowizard"
    encoding: str = "utf-8"
    newline: str = "\n"


def _decode(path: Path) -> tuple[str, str]:
    """The text of a file and the encoding it was read with: UTF-8 (with or without a byte
    order mark), else the Windows code page ScenarioWizard writes (cp1252), else Latin-1,
    which maps every byte to a character, so that no byte is lost or replaced."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"{path}: cannot be read ({error.strerror}); check the path") from None
    first = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    for encoding in (first, "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def _read_text(path: Path) -> str:
    return _decode(path)[0]


def _parse_row(path: Path, number: int, line: str, width: int) -> list[float]:
    cells = [cell.strip() for cell in line.split(",")]
    if len(cells) != width:
        raise ScenarioError(
            f"{path}, line {number}: matrix row has {len(cells)} values but the structure "
            f"defines {width} variants; give one comma-separated value per variant"
        )
    return [
        _judgment(path, f"line {number}, column {column}", cell)
        for column, cell in enumerate(cells, start=1)
    ]


def _judgment(path: Path, where: str, text: str) -> float:
    """A judgment cell as a finite number, or a located error."""
    if not _NUMBER.match(text):
        raise ScenarioError(
            f"{path}, {where}: {text[:40]!r} is not a number; judgments are numbers such as "
            "-3..3 (write 0 for no impact)"
        )
    value = float(text)
    if not np.isfinite(value):
        raise ScenarioError(
            f"{path}, {where}: {text[:40]!r} is too large to be a judgment; judgments are "
            "numbers such as -3..3"
        )
    return value


def read_scw_document(path: str | Path) -> ScwDocument:
    """Read a ScenarioWizard ``.scw`` file with everything needed to write it back."""
    path = Path(path)
    content, encoding = _decode(path)
    lines = content.splitlines()
    if not lines or not lines[0].strip().startswith("$ ScenarioWizard"):
        raise ScenarioError(
            f"{path}, line 1: expected the header {HEADER!r}; is this a ScenarioWizard file?"
        )
    header = lines[0].rstrip()
    position = 1
    title = ""
    if position < len(lines) and not lines[position].lstrip().startswith(("&", "#")):
        title = lines[position].strip()
        position += 1

    descriptors: list[str] = []
    variants: list[list[str]] = []
    descriptor_lines: list[int] = []
    while position < len(lines) and lines[position].strip() != "#":
        number = position + 1
        text = lines[position]
        stripped = text.strip()
        if stripped.startswith("&"):
            name = stripped[1:].strip()
            if not name:
                raise ScenarioError(f"{path}, line {number}: descriptor line '&' has no name")
            if name in descriptors:
                raise ScenarioError(
                    f"{path}, line {number}: descriptor {name!r} appears twice; rename one"
                )
            descriptors.append(name)
            variants.append([])
            descriptor_lines.append(number)
        elif stripped.startswith("-"):
            if not descriptors:
                raise ScenarioError(
                    f"{path}, line {number}: variant line before any '&Descriptor' line; "
                    "start the structure with a descriptor"
                )
            name = stripped[1:].strip()
            if not name:
                raise ScenarioError(f"{path}, line {number}: variant line '-' has no name")
            if name in variants[-1]:
                raise ScenarioError(
                    f"{path}, line {number}: variant {name!r} appears twice in descriptor "
                    f"{descriptors[-1]!r}; rename one"
                )
            variants[-1].append(name)
        elif stripped:
            raise ScenarioError(
                f"{path}, line {number}: expected '&Descriptor', ' -Variant' or '#', "
                f"found {stripped[:40]!r}"
            )
        position += 1
    if position >= len(lines):
        raise ScenarioError(
            f"{path}, line {len(lines)}: the structure is never closed by a '#' line and no "
            "matrix follows; the file is cut short"
        )
    if not descriptors:
        raise ScenarioError(f"{path}, line {position + 1}: no '&Descriptor' lines before '#'")
    for name, names, number in zip(descriptors, variants, descriptor_lines, strict=True):
        if not names:
            raise ScenarioError(
                f"{path}, line {number}: descriptor {name!r} has no ' -Variant' lines"
            )
    width = sum(len(names) for names in variants)

    # Split the rest into '#'-closed sections; remember each section's first line number.
    position += 1  # past the '#' closing the structure
    sections: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = position + 1
    rest_start: int | None = None
    matrix_rows: list[list[float]] | None = None
    row_lines: list[str] = []
    while position < len(lines):
        text = lines[position]
        if text.strip() == "#":
            nonempty = [line for line in current if line.strip()]
            if nonempty and _NUMBER.match(nonempty[0].split(",")[0].strip()):
                matrix_rows = []
                for offset, line in enumerate(current):
                    if line.strip():
                        matrix_rows.append(_parse_row(path, start + offset, line, width))
                        row_lines.append(line)
                if len(matrix_rows) != width:
                    raise ScenarioError(
                        f"{path}, line {start}: the matrix has {len(matrix_rows)} rows but the "
                        f"structure defines {width} variants; give one row per source variant"
                    )
                rest_start = position + 1
                break
            sections.append((start, current))
            current = []
            start = position + 2
        else:
            current.append(text)
        position += 1
    if matrix_rows is None or rest_start is None:
        where = len(lines)
        nonempty = [line for line in current if line.strip()]
        if nonempty and _NUMBER.match(nonempty[0].split(",")[0].strip()):
            raise ScenarioError(
                f"{path}, line {where}: the matrix starting on line {start} is not closed by "
                "a '#' line; add one after its last row"
            )
        raise ScenarioError(
            f"{path}, line {where}: no cross-impact matrix found (a section of comma-separated "
            "numbers closed by a '#' line); the file may be cut short"
        )
    explanations = "\n".join(lines[rest_start:])
    try:
        matrix = CrossImpactMatrix(
            tuple(descriptors),
            tuple(tuple(names) for names in variants),
            np.array(matrix_rows),
            np.ones(len(descriptors)),
            title,
        )
    except ScenarioError as error:
        raise ScenarioError(f"{path}: {error}") from None
    spaced = all(
        line == _format_row(row, "spaced") for line, row in zip(row_lines, matrix_rows, strict=True)
    )
    return ScwDocument(
        matrix=matrix,
        header=header,
        sections=tuple(tuple(lines) for _, lines in sections),
        explanations=explanations,
        row_style="spaced" if spaced else "scenariowizard",
        encoding=encoding,
        newline="\r\n" if "\r\n" in content else "\n",
    )


def read_scw(path: str | Path) -> CrossImpactMatrix:
    """Read the matrix (names, variants, judgments) of a ScenarioWizard ``.scw`` file."""
    return read_scw_document(path).matrix


def _format_value(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _signed(value: float) -> str:
    """A judgment after ScenarioWizard's sign place: `` 3``, ``-2``, `` 15``, ``-11``."""
    text = _format_value(value)
    return text if text.startswith("-") else f" {text}"


def _format_row(row: Sequence[float], style: RowStyle) -> str:
    if style == "spaced":
        return " , ".join(_format_value(v) for v in row)
    return ",".join(f"{_signed(v)} " for v in row)


def scw_text(
    matrix: CrossImpactMatrix,
    sections: Sequence[Sequence[str]] = ((), (), (), ()),
    explanations: str = "",
    header: str = HEADER,
    row_style: RowStyle = "scenariowizard",
    newline: str = "\n",
) -> str:
    """The text of a ``.scw`` file for ``matrix`` (see :func:`write_scw`)."""
    if not np.all(matrix.weights == 1.0):
        raise ScenarioError(
            "write_scw: the matrix has descriptor weights other than 1, which a .scw file "
            "does not hold; write matrix.with_weights(ones) or bake the weights in first"
        )
    for name in (*matrix.descriptors, *(v for names in matrix.variants for v in names)):
        if "\n" in name or name.strip() != name or not name or name == "#":
            raise ScenarioError(
                f"write_scw: name {name!r} cannot be written to a .scw file "
                "(no line breaks, no surrounding spaces, not empty, not '#')"
            )
    out = [header, matrix.title]
    for name, names in zip(matrix.descriptors, matrix.variants, strict=True):
        out.append(f"&{name}")
        out.extend(f" -{variant}" for variant in names)
    out.append("#")
    for section in sections:
        out.extend(section)
        out.append("#")
    out.extend(_format_row(row, row_style) for row in matrix.impacts)
    out.append("#")
    if explanations:  # its lines joined by "\n", as read_scw_document keeps them
        out.extend(explanations.split("\n"))
    return newline.join(out) + newline


def write_scw(
    matrix: CrossImpactMatrix,
    path: str | Path,
    sections: Sequence[Sequence[str]] = ((), (), (), ()),
    explanations: str = "",
    encoding: str = "utf-8",
    row_style: RowStyle = "scenariowizard",
    newline: str = "\n",
) -> None:
    """Write ``matrix`` as a ScenarioWizard 4.0 ``.scw`` file.

    ``sections`` are the sections between the structure and the matrix (empty by default)
    and ``explanations`` the text after it; pass those of a :class:`ScwDocument` (and its
    ``row_style``, ``encoding`` and ``newline``) to write a file back as it was read, byte
    for byte. Descriptor weights are not part of the format: a matrix with weights other than
    1 is refused. A name the encoding cannot hold is an error, not a replaced character.
    """
    text = scw_text(matrix, sections, explanations, row_style=row_style, newline=newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise ScenarioError(
            f"write_scw: {text[error.start : error.end]!r} cannot be written in {encoding}; "
            "write the file as utf-8 or rename what holds it"
        ) from None
    Path(path).write_bytes(data)


@dataclass(frozen=True)
class Solution:
    """One scenario of a solution list: 0-based variants, the line it is on, and the
    figures the file gives for it (None where the file gives none): frequency (succession runs
    that ended here, 0 when the list came from a complete search; see the module docstring),
    consistency margin, total impact score, name, and every field after the scenario
    verbatim."""

    variants: ScenarioTuple
    line: int
    frequency: int | None = None
    margin: float | None = None
    total_impact_score: float | None = None
    name: str | None = None
    fields: tuple[str, ...] = ()

    @property
    def inconsistency(self) -> float | None:
        """The inconsistency the listed margin implies: ``max(0, -margin)``."""
        return None if self.margin is None else max(0.0, -self.margin)


@dataclass(frozen=True)
class SolutionList:
    """A ``.sl`` file as read: header and title lines (None if absent), the number of
    solutions it declares (None if it declares none) and the solutions in file order."""

    path: str
    header: str | None
    title: str | None
    declared: int | None
    solutions: tuple[Solution, ...]

    @property
    def scenarios(self) -> list[ScenarioTuple]:
        """The variant tuples, in file order."""
        return [solution.variants for solution in self.solutions]


_QUOTED = re.compile(r'^"([^"]*)"\s*(?:,(.*))?$')


def _sl_variants(
    path: Path, number: int, tokens: list[str], matrix: CrossImpactMatrix
) -> ScenarioTuple:
    if len(tokens) != matrix.n_descriptors:
        raise ScenarioError(
            f"{path}, line {number}: {len(tokens)} entries but the matrix has "
            f"{matrix.n_descriptors} descriptors; give one variant per descriptor"
        )
    scenario: list[int] = []
    for d, token in enumerate(tokens):
        names = matrix.variants[d]
        if token in names:
            scenario.append(names.index(token))
        elif _WHOLE.match(token) and 1 <= int(token) <= len(names):
            scenario.append(int(token) - 1)
        else:
            raise ScenarioError(
                f"{path}, line {number}: {token[:40]!r} is not a variant of descriptor "
                f"{matrix.descriptors[d]!r}; give its number 1..{len(names)} or one of its "
                f"names {names}"
            )
    return tuple(scenario)


def _sl_figure(path: Path, number: int, fields: list[str], index: int, what: str) -> float | None:
    if index >= len(fields) or not fields[index].strip():
        return None
    text = fields[index].strip()
    if not _NUMBER.match(text) or not np.isfinite(float(text)):
        raise ScenarioError(
            f"{path}, line {number}: field {index + 2} ({what}) is {text[:40]!r}, not a "
            "number; ScenarioWizard writes numbers there (export the list again, or correct "
            "the line)"
        )
    return float(text)


def _sl_frequency(path: Path, number: int, fields: list[str]) -> int | None:
    if not fields or not fields[0].strip():
        return None
    text = fields[0].strip()
    if not _WHOLE.match(text):
        raise ScenarioError(
            f"{path}, line {number}: field 2 (frequency) is {text[:40]!r}, not a whole number "
            ">= 0; ScenarioWizard writes there how many succession runs ended in the scenario "
            "(0 for a complete search): export the list again, or correct the line"
        )
    return int(text)


def read_sl_document(path: str | Path, matrix: CrossImpactMatrix) -> SolutionList:
    """Read a ScenarioWizard solution list (``.sl``) of scenarios for ``matrix``.

    The layout ScenarioWizard exports (see the module docstring) is read with its figures.
    Plain lists are read too: one scenario per line, one entry per descriptor in descriptor
    order (the variant's 1-based number or its name), separated by whitespace, commas or
    semicolons; blank lines and lines starting with ``#`` are skipped. When the file declares
    how many solutions it holds and holds a different number, that is an error (an export
    cut short would otherwise pass for a complete list).
    """
    path = Path(path)
    lines = _read_text(path).splitlines()
    header = title = None
    declared = declared_line = None
    solutions: list[Solution] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if number == 1 and stripped.startswith("$"):
            header = stripped
            continue
        quoted = _QUOTED.match(stripped)
        tokens = [token for token in re.split(r"[\s,;]+", stripped) if token]
        if quoted is None and header is not None and not solutions and declared is None:
            # Between the header and the first solution: a title line, then the count.
            if _WHOLE.match(stripped):
                declared, declared_line = int(stripped), number
                continue
            if title is None:
                try:
                    _sl_variants(path, number, tokens, matrix)
                except ScenarioError:
                    title = stripped
                    continue
        if quoted is not None:
            variants = _sl_variants(path, number, quoted.group(1).split(), matrix)
            rest = quoted.group(2)
            try:
                fields = next(csv.reader([rest])) if rest else []
            except csv.Error as error:
                raise ScenarioError(
                    f"{path}, line {number}: the fields after the scenario cannot be read "
                    f"({error}); ScenarioWizard writes comma-separated numbers there"
                ) from None
            solutions.append(
                Solution(
                    variants=variants,
                    line=number,
                    frequency=_sl_frequency(path, number, fields),
                    margin=_sl_figure(path, number, fields, 1, "consistency margin"),
                    total_impact_score=_sl_figure(path, number, fields, 3, "total impact score"),
                    name=fields[4] if len(fields) > 4 else None,
                    fields=tuple(fields),
                )
            )
            continue
        solutions.append(Solution(_sl_variants(path, number, tokens, matrix), number))
    if declared is not None and declared != len(solutions):
        raise ScenarioError(
            f"{path}, line {declared_line}: the list declares {declared} solutions but holds "
            f"{len(solutions)}; the export is incomplete or was edited. Export it again from "
            "ScenarioWizard, or correct the count"
        )
    return SolutionList(str(path), header, title, declared, tuple(solutions))


def read_sl(path: str | Path, matrix: CrossImpactMatrix) -> list[ScenarioTuple]:
    """The scenarios (0-based variant tuples, file order) of a ``.sl`` file; see
    :func:`read_sl_document`."""
    return read_sl_document(path, matrix).scenarios


def _sl_number(value: float) -> str:
    return _format_value(round(float(value), 9))


def sl_text(
    matrix: CrossImpactMatrix,
    scenarios: Sequence[Sequence[int]],
    exempt: Sequence[int] = (),
    title: str = "Solution set",
    frequencies: Sequence[int] | None = None,
) -> str:
    """The text of a ``.sl`` file listing ``scenarios`` in the order given (see
    :func:`write_sl`)."""
    if frequencies is not None and len(frequencies) != len(scenarios):
        raise ScenarioError(
            f"write_sl: {len(frequencies)} frequencies for {len(scenarios)} scenarios; give "
            "one per scenario, or none"
        )
    out = [SL_HEADER, title, f" {len(scenarios)} ", ""]
    for index, scenario in enumerate(scenarios):
        z = matrix.check_scenario(scenario)
        numbers = "".join(f" {v + 1}" for v in z)
        frequency = 0 if frequencies is None else int(frequencies[index])
        if frequency < 0:
            raise ScenarioError(f"write_sl: frequency {frequency} is negative; give >= 0")
        figures = (
            _sl_number(consistency_margin(matrix, z, exempt)),
            "0",
            _sl_number(total_impact_score(matrix, z)),
        )
        out.append(f'"{numbers}",{frequency},' + ",".join(figures) + ',""')
    return "\n".join(out) + "\n"


def write_sl(
    matrix: CrossImpactMatrix,
    scenarios: Sequence[Sequence[int]],
    path: str | Path,
    exempt: Sequence[int] = (),
    frequencies: Sequence[int] | None = None,
) -> None:
    """Write ``scenarios`` (0-based variant tuples) as a ScenarioWizard solution list, with
    each scenario's consistency margin and total impact score computed from ``matrix`` (over
    the descriptors not in ``exempt``). ``frequencies`` (one per scenario) fills the first
    field with the succession runs that ended in each scenario; without it the field is 0,
    as ScenarioWizard writes it for a complete search."""
    text = sl_text(matrix, scenarios, exempt, frequencies=frequencies)
    Path(path).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class SolutionComparison:
    """A solution list set against the exact consistent set found here.

    ``missing``: listed in the file but not found consistent here; ``extra``: found here but
    not listed; ``figures``: (line, figure, file value, value here) for every listed figure
    that differs from the one computed from the matrix.
    """

    path: str
    listed: int
    found: int
    missing: tuple[ScenarioTuple, ...]
    extra: tuple[ScenarioTuple, ...]
    figures: tuple[tuple[int, str, float, float], ...]

    @property
    def agree(self) -> bool:
        """Same scenarios, same figures."""
        return not (self.missing or self.extra or self.figures)


def compare_solutions(
    matrix: CrossImpactMatrix,
    solutions: SolutionList,
    found: Sequence[Sequence[int]],
    exempt: Sequence[int] = (),
) -> SolutionComparison:
    """Compare a read solution list with the consistent scenarios ``found`` for ``matrix``,
    and each figure the file gives with the one computed from the matrix (to 1e-6)."""
    listed = {solution.variants for solution in solutions.solutions}
    ours = {tuple(int(v) for v in scenario) for scenario in found}
    figures: list[tuple[int, str, float, float]] = []
    for solution in solutions.solutions:
        z = solution.variants
        for what, given, here in (
            ("consistency margin", solution.margin, consistency_margin(matrix, z, exempt)),
            ("total impact score", solution.total_impact_score, total_impact_score(matrix, z)),
        ):
            if given is not None and abs(given - here) > 1e-6:
                figures.append((solution.line, what, given, here))
    return SolutionComparison(
        path=solutions.path,
        listed=len(solutions.solutions),
        found=len(ours),
        missing=tuple(sorted(listed - ours)),
        extra=tuple(sorted(ours - listed)),
        figures=tuple(figures),
    )


def read_csv_matrix(path: str | Path) -> CrossImpactMatrix:
    """Read a matrix from CSV.

    Layout: two header rows (descriptor names, then variant names) over the judgment
    columns, and two label columns (descriptor, variant) beside the judgment rows; the top-left
    2x2 corner is ignored. A blank descriptor cell continues the descriptor to its left (or
    above), as merged spreadsheet cells export. Empty judgment cells are 0. Rows and columns
    must list the variants in the same order.
    """
    path = Path(path)
    lines, rows = _csv_rows(path)
    if len(rows) < 3:
        raise ScenarioError(
            f"{path}: needs two header rows (descriptors, variants) and at least one judgment "
            "row; see the layout in docs/scenarios.md"
        )

    def labels(pairs: list[tuple[str, str]], places: list[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        current = ""
        for (descriptor, variant), place in zip(pairs, places, strict=True):
            current = descriptor.strip() or current
            if not current or not variant.strip():
                raise ScenarioError(
                    f"{path}, {place}: missing descriptor or variant name; give the "
                    "descriptor's name in the first cell (or leave it blank under the one "
                    "above) and the variant's name in the second"
                )
            out.append((current, variant.strip()))
        return out

    header = list(zip(rows[0][2:], rows[1][2:], strict=False))
    columns = labels(header, [f"line {lines[1]}, column {c + 3}" for c in range(len(header))])
    body = rows[2:]
    row_labels = labels([(row[0], row[1]) for row in body], [f"line {line}" for line in lines[2:]])
    if row_labels != columns:
        raise ScenarioError(
            f"{path}, line {_first_difference(row_labels, columns, lines)}: row labels and "
            "column labels differ; list the same variants in the same order down the side and "
            "across the top"
        )
    descriptors: list[str] = []
    variants: list[list[str]] = []
    for descriptor, variant in columns:
        if not descriptors or descriptors[-1] != descriptor:
            if descriptor in descriptors:
                raise ScenarioError(
                    f"{path}: descriptor {descriptor!r} appears in two places; keep its "
                    "variants together"
                )
            descriptors.append(descriptor)
            variants.append([])
        variants[-1].append(variant)
    width = len(columns)
    impacts = np.zeros((width, width))
    for r, row in enumerate(body):
        cells = row[2:]
        if len(cells) > width:
            raise ScenarioError(
                f"{path}, line {lines[r + 2]}: {len(cells)} judgment cells but {width} variant "
                "columns; remove the extra cells"
            )
        for c, cell in enumerate(cells):
            text = cell.strip()
            if text:
                impacts[r, c] = _judgment(path, f"line {lines[r + 2]}, column {c + 3}", text)
    try:
        return CrossImpactMatrix(
            tuple(descriptors),
            tuple(tuple(names) for names in variants),
            impacts,
            np.ones(len(descriptors)),
            path.stem,
        )
    except ScenarioError as error:
        raise ScenarioError(f"{path}: {error}") from None


def _csv_rows(path: Path) -> tuple[list[int], list[list[str]]]:
    """The non-blank rows of a CSV file, each padded to the two label cells, and the line
    each starts on."""
    reader = csv.reader(_read_text(path).splitlines())
    lines: list[int] = []
    rows: list[list[str]] = []
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                lines.append(line)
                rows.append(row + [""] * (2 - len(row)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ScenarioError(
            f"{path}, line {reader.line_num}: not readable as CSV ({error}); save it as "
            "comma-separated values"
        ) from None
    return lines, rows


def _first_difference(
    rows: list[tuple[str, str]], columns: list[tuple[str, str]], lines: list[int]
) -> int:
    """The line of the first judgment row whose label differs from its column's."""
    for index, (row, column) in enumerate(zip(rows, columns, strict=False)):
        if row != column:
            return lines[index + 2]
    return lines[min(min(len(rows), len(columns)) + 2, len(lines) - 1)]


def write_csv_matrix(matrix: CrossImpactMatrix, path: str | Path) -> None:
    """Write ``matrix`` (weighted impacts) in the layout :func:`read_csv_matrix` reads."""
    columns = [
        (d, v) for d, names in zip(matrix.descriptors, matrix.variants, strict=True) for v in names
    ]
    impacts = matrix.weighted_impacts()
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "", *(d for d, _ in columns)])
        writer.writerow(["", "", *(v for _, v in columns)])
        for (descriptor, variant), row in zip(columns, impacts, strict=True):
            writer.writerow([descriptor, variant, *(_format_value(v) for v in row)])
