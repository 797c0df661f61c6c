"""ScenarioWizard files: ``.scw`` projects (read and write), ``.sl`` solution lists (read),
and a plain CSV layout of the matrix (read and write).

The ``.scw`` text layout, as ScenarioWizard 4 writes it (see the ScenarioWizard manual,
Weimer-Jehle, ZIRIUS Stuttgart):

1. a header line ``$ ScenarioWizard 4.0``;
2. a title line (ScenarioWizard keeps the file name there);
3. the structure: a ``&Name`` line per descriptor, each followed by its `` -Name`` variant
   lines;
4. sections closed by lines holding only ``#``; the first section that holds numbers is the
   cross-impact matrix, one comma-separated row per source variant (row = source, column =
   target); sections before it (empty in the files we know) are kept as they are;
5. after the matrix's closing ``#``: the explanation texts, kept verbatim.

Reading reports every problem with the file name and line number and says how to fix it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from realpolitik.scenarios.errors import ScenarioError
from realpolitik.scenarios.model import CrossImpactMatrix, ScenarioTuple

HEADER = "$ ScenarioWizard 4.0"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class ScwDocument:
    """A ``.scw`` file as read: the matrix, the header line, the sections found between the
    structure and the matrix (each a list of lines), and the text after the matrix."""

    matrix: CrossImpactMatrix
    header: str
    sections: tuple[tuple[str, ...], ...]
    explanations: str


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"{path}: cannot be read ({error.strerror}); check the path") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # ScenarioWizard is a Windows program; its files are often in the Windows code page.
        return raw.decode("cp1252", errors="replace")


def _parse_row(path: Path, number: int, line: str, width: int) -> list[float]:
    cells = [cell.strip() for cell in line.split(",")]
    if len(cells) != width:
        raise ScenarioError(
            f"{path}, line {number}: matrix row has {len(cells)} values but the structure "
            f"defines {width} variants; give one comma-separated value per variant"
        )
    values: list[float] = []
    for column, cell in enumerate(cells, start=1):
        if not _NUMBER.match(cell):
            raise ScenarioError(
                f"{path}, line {number}, column {column}: {cell!r} is not a number; "
                "judgments are numbers such as -3..3 (write 0 for no impact)"
            )
        values.append(float(cell))
    return values


def read_scw_document(path: str | Path) -> ScwDocument:
    """Read a ScenarioWizard ``.scw`` file with everything needed to write it back."""
    path = Path(path)
    lines = _read_text(path).splitlines()
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
    while position < len(lines):
        text = lines[position]
        if text.strip() == "#":
            nonempty = [line for line in current if line.strip()]
            if nonempty and _NUMBER.match(nonempty[0].split(",")[0].strip()):
                matrix_rows = []
                for offset, line in enumerate(current):
                    if line.strip():
                        matrix_rows.append(_parse_row(path, start + offset, line, width))
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
    return ScwDocument(
        matrix=matrix,
        header=header,
        sections=tuple(tuple(lines) for _, lines in sections),
        explanations=explanations,
    )


def read_scw(path: str | Path) -> CrossImpactMatrix:
    """Read the matrix (names, variants, judgments) of a ScenarioWizard ``.scw`` file."""
    return read_scw_document(path).matrix


def _format_value(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def scw_text(
    matrix: CrossImpactMatrix,
    sections: Sequence[Sequence[str]] = ((), (), (), ()),
    explanations: str = "",
    header: str = HEADER,
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
    out.extend(" , ".join(_format_value(v) for v in row) for row in matrix.impacts)
    out.append("#")
    text = "\n".join(out) + "\n"
    if explanations:
        text += explanations if explanations.endswith("\n") else explanations + "\n"
    return text


def write_scw(
    matrix: CrossImpactMatrix,
    path: str | Path,
    sections: Sequence[Sequence[str]] = ((), (), (), ()),
    explanations: str = "",
    encoding: str = "utf-8",
) -> None:
    """Write ``matrix`` as a ScenarioWizard 4.0 ``.scw`` file.

    ``sections`` are the (usually empty) sections between the structure and the matrix and
    ``explanations`` the text after it; pass those of a :class:`ScwDocument` to write a file
    back as it was read. Descriptor weights are not part of the format: a matrix with weights
    other than 1 is refused.
    """
    Path(path).write_text(scw_text(matrix, sections, explanations), encoding=encoding)


def read_sl(path: str | Path, matrix: CrossImpactMatrix) -> list[ScenarioTuple]:
    """Read a ScenarioWizard solution list (``.sl``) of scenarios for ``matrix``.

    One scenario per line, one entry per descriptor in descriptor order, separated by
    whitespace, commas or semicolons; an entry is the variant's number (1-based, as
    ScenarioWizard counts) or its name. Blank lines, lines starting with ``#`` and a leading
    ``$`` header line are skipped. Returns 0-based variant tuples.
    """
    path = Path(path)
    scenarios: list[ScenarioTuple] = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or (number == 1 and stripped[0] == "$"):
            continue
        tokens = [token for token in re.split(r"[\s,;]+", stripped) if token]
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
            elif token.isdigit() and 1 <= int(token) <= len(names):
                scenario.append(int(token) - 1)
            else:
                raise ScenarioError(
                    f"{path}, line {number}: {token!r} is not a variant of descriptor "
                    f"{matrix.descriptors[d]!r}; give 1..{len(names)} or one of {names}"
                )
        scenarios.append(tuple(scenario))
    return scenarios


def read_csv_matrix(path: str | Path) -> CrossImpactMatrix:
    """Read a matrix from CSV.

    Layout: two header rows (descriptor names, then variant names) over the judgment
    columns, and two label columns (descriptor, variant) beside the judgment rows; the top-left
    2x2 corner is ignored. A blank descriptor cell continues the descriptor to its left (or
    above), as merged spreadsheet cells export. Empty judgment cells are 0. Rows and columns
    must list the variants in the same order.
    """
    path = Path(path)
    rows = list(csv.reader(_read_text(path).splitlines()))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 3:
        raise ScenarioError(f"{path}: needs two header rows and at least one judgment row")

    def labels(pairs: list[tuple[str, str]], where: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        current = ""
        for index, (descriptor, variant) in enumerate(pairs):
            current = descriptor.strip() or current
            if not current or not variant.strip():
                raise ScenarioError(
                    f"{path}, {where} {index + 3}: missing descriptor or variant name"
                )
            out.append((current, variant.strip()))
        return out

    columns = labels(list(zip(rows[0][2:], rows[1][2:], strict=False)), "column")
    body = rows[2:]
    row_labels = labels([(row[0], row[1]) for row in body], "line")
    if row_labels != columns:
        raise ScenarioError(
            f"{path}: row labels and column labels differ; list the same variants in the "
            "same order down the side and across the top"
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
            raise ScenarioError(f"{path}, line {r + 3}: more cells than variant columns")
        for c, cell in enumerate(cells):
            text = cell.strip()
            if not text:
                continue
            if not _NUMBER.match(text):
                raise ScenarioError(
                    f"{path}, line {r + 3}, column {c + 3}: {text!r} is not a number"
                )
            impacts[r, c] = float(text)
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
