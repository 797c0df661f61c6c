"""The tabular parts of a case to and from spreadsheets: positions, saliences and capabilities,
and the cross-impact matrix.

Reading (CSV with the ``csv`` module, XLSX with openpyxl, ``.scw`` with the ScenarioWizard
reader):

- positions: one long table with the columns ``issue``, ``actor``, ``position``,
  ``salience`` and optionally ``capability``, or in a workbook one sheet per issue (named by
  the issue's id) without the ``issue`` column. Each judged number may carry its uncertainty
  and grounds in columns named after it: ``position_sd``, ``position_low`` and
  ``position_high``, ``position_evidence`` (evidence ids separated by spaces, commas or
  semicolons), ``position_assumption``, ``position_note``; ``evidence`` and ``assumption``
  apply to every number of the row that names none of its own.
- impacts: a square matrix (row = source, column = target) whose first row and first column
  hold ``descriptor.variant`` labels, empty cells 0; or a long table with the columns
  ``source``, ``target``, ``value`` and optionally ``sd``, ``low``, ``high``, ``evidence``,
  ``assumption``, ``note``; or a ScenarioWizard ``.scw`` file (names matched to the case's
  descriptors and variants by id or by name).

A file states what it covers and nothing else changes: a position row sets that actor's
position and salience on that issue (and its capability, when given); a matrix sets every
pair of its rows and columns (a 0 removes an impact), a long table the pairs it lists. A number
without evidence or assumption keeps the case's judgment when the value is the same, and
otherwise becomes ``assumption = "imported from FILE"``, which ``realpolitik show`` counts with
the other assumptions. Every fault names the file, the sheet, the row or cell, and the fix.

Writing: an XLSX workbook (sheets ``positions``, ``impacts`` and ``matrix``) or a folder of
CSV files (``positions.csv``, ``impacts.csv``, ``matrix.csv``) that read back to the same case.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from realpolitik.case.checks import nearest
from realpolitik.case.errors import CaseError, Problem
from realpolitik.case.model import ID_PATTERN, Case, CrossImpact, Descriptor, Judgment, Score

#: The judged numbers of a position row, in the order the columns are written.
POSITION_NUMBERS = ("position", "salience", "capability")
#: What may follow a number's name in a column header.
DETAILS = ("sd", "low", "high", "evidence", "assumption", "note")
IMPACT_COLUMNS = ("source", "target", "value", *DETAILS)
#: Sheets an export writes besides the positions; the positions reader passes them by.
IMPACT_SHEETS = ("impacts", "matrix")
POSITION_SHEET = "positions"
#: The assumption of every number in a skeleton written by `realpolitik new`.
PLACEHOLDER = "placeholder: replace with your judgment and its evidence"
_SEPARATORS = re.compile(r"[\s,;]+")


class TableError(CaseError):
    """A spreadsheet that cannot be imported, with every problem found in it."""


@dataclass(frozen=True)
class Sheet:
    """The non-blank rows of one table: a CSV file or one worksheet."""

    file: Path
    name: str | None  # the worksheet's name; None for a CSV file
    rows: list[list[object]]
    lines: list[int]  # the file's line (CSV) or the sheet's row number (XLSX) of each row

    def where(self, row: int, column: int | None = None, header: str = "") -> tuple[int, str]:
        """The line and the field text of a cell (``row`` indexes :attr:`rows`)."""
        line = self.lines[row]
        sheet = f"sheet '{self.name}'" if self.name is not None else ""
        if column is None:
            return line, sheet or ("header row" if row == 0 else "row")
        cell = f"{_column_letter(column)}{line}" if self.name is not None else ""
        named = f" ({header})" if header else ""
        if self.name is not None:
            return line, f"{sheet}, cell {cell}{named}"
        return line, f"column {_column_letter(column)}{named}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class _Problems:
    items: list[Problem] = field(default_factory=list)

    def add(
        self, sheet: Sheet, row: int, column: int | None, header: str, message: str, fix: str
    ) -> None:
        line, where = sheet.where(row, column, header)
        self.items.append(Problem(sheet.file, line, where, message, fix))

    def raise_any(self) -> None:
        if self.items:
            raise TableError(self.items)


def _openpyxl() -> Any:
    """openpyxl, imported when a workbook is read or written (it is slow to import)."""
    import openpyxl  # type: ignore[import-untyped]

    return openpyxl


def _file_problem(path: Path, message: str, fix: str) -> TableError:
    return TableError([Problem(path, None, "", message, fix)])


# -- reading files ---------------------------------------------------------------------


def read_sheets(path: Path) -> list[Sheet]:
    """The tables of a .csv or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_csv_sheet(path)]
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path)
    raise _file_problem(
        path, f"cannot read a {suffix or 'suffix-less'} file here", "give a .csv or .xlsx file"
    )


def _csv_sheet(path: Path) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _file_problem(path, f"cannot be read ({error.strerror})", "check the path") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TableError(
            [Problem(path, line, "", "not UTF-8 text", "save the CSV file as UTF-8")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[object]] = []
    lines: list[int] = []
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(list(row))
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        raise TableError(
            [
                Problem(
                    path,
                    reader.line_num,
                    "",
                    f"not readable as CSV ({error})",
                    "save it as comma-separated values",
                )
            ]
        ) from None
    return Sheet(path, None, rows, lines)


def _xlsx_sheets(path: Path) -> list[Sheet]:
    try:
        book = _openpyxl().load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise _file_problem(
            path,
            f"not readable as an XLSX workbook ({error})",
            "save it from the spreadsheet program as an Excel workbook (.xlsx)",
        ) from None
    sheets = []
    try:
        for worksheet in book.worksheets:
            rows: list[list[object]] = []
            lines: list[int] = []
            for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(row)
                if any(cell is not None and str(cell).strip() for cell in cells):
                    rows.append(cells)
                    lines.append(number)
            sheets.append(Sheet(path, worksheet.title, rows, lines))
    finally:
        book.close()
    return sheets


def _header(sheet: Sheet) -> list[str]:
    if not sheet.rows:
        return []
    return [re.sub(r"[\s-]+", "_", _text(cell).lower()) for cell in sheet.rows[0]]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _cell(row: Sequence[object], column: int | None) -> object:
    if column is None or column >= len(row):
        return None
    value = row[column]
    return None if isinstance(value, str) and not value.strip() else value


def _number(value: object) -> float | None:
    """A cell as a finite number; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
    return number if np.isfinite(number) else None


# -- judgments -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    """Where the value and details of one judged number stand in a header."""

    value: int | None
    details: Mapping[str, int]


def _judgment_columns(header: list[str], name: str) -> _Columns:
    index = {title: i for i, title in enumerate(header)}
    details = {d: index[f"{name}_{d}"] for d in DETAILS if f"{name}_{d}" in index}
    return _Columns(index.get(name), details)


def _judgment(
    sheet: Sheet,
    row: int,
    name: str,
    columns: _Columns,
    shared: _Columns,
    existing: Judgment | None,
    model: type[Judgment],
    problems: _Problems,
) -> dict[str, Any] | None:
    """The judgment a row gives for ``name`` (a plain dict for the model), or None with the
    problems recorded."""
    cells = sheet.rows[row]
    assert columns.value is not None
    raw = _cell(cells, columns.value)
    value = _number(raw)
    if value is None:
        problems.add(
            sheet,
            row,
            columns.value,
            name,
            f"{name} {_text(raw)!r} is not a number" if raw is not None else f"no {name} given",
            f"write the {name} as a number",
        )
        return None
    judged: dict[str, Any] = {"value": value}
    for detail in ("sd", "low", "high"):
        column = columns.details.get(detail)
        given = _cell(cells, column)
        if given is None:
            continue
        number = _number(given)
        if number is None:
            problems.add(
                sheet,
                row,
                column,
                f"{name}_{detail}",
                f"{_text(given)!r} is not a number",
                "write a number or leave it empty",
            )
            return None
        judged[detail] = number
    if ("low" in judged) != ("high" in judged):
        column = columns.details.get("low" if "low" not in judged else "high")
        problems.add(
            sheet,
            row,
            column,
            name,
            f"{name}: a range needs both ends",
            f"give both {name}_low and {name}_high, or neither",
        )
        return None
    if "low" in judged:
        judged["range"] = (judged.pop("low"), judged.pop("high"))
    grounds = _grounds(cells, columns) or _grounds(cells, shared)
    note = _cell(cells, columns.details.get("note"))
    if note is not None:
        judged["note"] = _text(note)
    if grounds is None:
        if existing is not None and _keeps(existing, value) and len(judged) == 1:
            return existing.model_dump(exclude_defaults=True)
        grounds = {"assumption": f"imported from {sheet.file.name}"}
    judged.update(grounds)
    if model is CrossImpact and float(value).is_integer():
        judged["value"] = int(value)
    return judged


def _keeps(before: Judgment, value: float) -> bool:
    """Whether a number given without grounds keeps the case's judgment ``before``: the value
    is the same and the judgment is one a person made (not a skeleton's placeholder)."""
    return before.value == value and before.assumption != PLACEHOLDER


def _grounds(cells: Sequence[object], columns: _Columns) -> dict[str, Any] | None:
    evidence = _cell(cells, columns.details.get("evidence"))
    assumption = _cell(cells, columns.details.get("assumption"))
    out: dict[str, Any] = {}
    if evidence is not None:
        out["evidence"] = tuple(part for part in _SEPARATORS.split(_text(evidence)) if part)
    if assumption is not None:
        out["assumption"] = _text(assumption)
    return out or None


def _checked(
    sheet: Sheet,
    row: int,
    column: int | None,
    name: str,
    judged: dict[str, Any],
    model: type[Judgment],
    evidence_ids: set[str],
    problems: _Problems,
    evidence_column: int | None = None,
) -> bool:
    """Whether ``judged`` is a valid ``model``, citing known evidence; problems recorded
    (an unknown evidence id at ``evidence_column`` when given)."""
    ok = True
    for ref in judged.get("evidence", ()):
        if ref not in evidence_ids:
            guess = nearest(ref, evidence_ids)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.add(
                sheet,
                row,
                column if evidence_column is None else evidence_column,
                name,
                f"unknown evidence '{ref}'",
                f"{hint}cite an [[evidence]] id of the case, or add the item first",
            )
            ok = False
    try:
        model.model_validate(judged)
    except ValidationError as error:
        for detail in error.errors():
            ctx = detail.get("ctx") or {}
            fix = str(ctx.get("fix", "")) or _range_fix(model, name)
            where = ".".join(str(part) for part in detail["loc"]) or "value"
            problems.add(sheet, row, column, name, f"{name} {where}: {detail['msg']}", fix)
        ok = False
    return ok


def _range_fix(model: type[Judgment], name: str) -> str:
    if model is CrossImpact:
        return "a cross-impact is a whole number from -3 to 3 (a range or sd within -3..3)"
    if model is Score:
        return f"a {name} lies on the 0-100 scale"
    return "see docs/case-format.md"


# -- positions -------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionImport:
    """What a positions file sets: per issue, per actor, the position entry; per actor, the
    capability."""

    positions: dict[str, dict[str, dict[str, Any]]]
    capabilities: dict[str, dict[str, Any]]


def read_positions(path: Path, case: Case) -> PositionImport:
    """The positions, saliences and capabilities in ``path`` (.csv or .xlsx), checked against
    ``case`` (its issues, actors and evidence ids)."""
    sheets = read_sheets(path)
    problems = _Problems()
    positions: dict[str, dict[str, dict[str, Any]]] = {}
    capabilities: dict[str, dict[str, Any]] = {}
    capability_rows: dict[str, tuple[Sheet, int]] = {}
    used = False
    issues = {issue.id: issue for issue in case.issues}
    for sheet in sheets:
        header = _header(sheet)
        if sheet.name is not None and sheet.name in IMPACT_SHEETS and "actor" not in header:
            continue
        if not _positions_header(sheet, header, issues, problems):
            continue
        used = True
        for row in range(1, len(sheet.rows)):
            _position_row(
                sheet, row, header, case, positions, capabilities, capability_rows, problems
            )
    if not used and not problems.items:
        raise _file_problem(
            path,
            "no table of positions found",
            "give a sheet whose first row names the columns issue, actor, position, salience "
            "(see docs/case-format.md)",
        )
    problems.raise_any()
    return PositionImport(positions, capabilities)


def _positions_header(
    sheet: Sheet, header: list[str], issues: Mapping[str, object], problems: _Problems
) -> bool:
    """Whether the sheet's header can be read as positions; problems recorded if not."""
    known = {"issue", "actor", "evidence", "assumption"} | {
        f"{name}_{detail}" if detail else name
        for name in POSITION_NUMBERS
        for detail in ("", *DETAILS)
    }
    ok = True
    for column, title in enumerate(header):
        if title and title not in known:
            problems.add(
                sheet,
                0,
                column,
                title,
                f"unknown column '{title}'",
                "use the columns issue, actor, position, salience, capability and "
                "their details such as position_sd or salience_evidence "
                "(see docs/case-format.md)",
            )
            ok = False
    for needed in ("actor", "position", "salience"):
        if needed not in header:
            problems.add(
                sheet,
                0,
                None,
                "",
                f"no '{needed}' column",
                f"add a column headed '{needed}' to the first row",
            )
            ok = False
    if "issue" not in header:
        if sheet.name is None:
            problems.add(
                sheet,
                0,
                None,
                "",
                "no 'issue' column",
                "add a column headed 'issue' holding each row's issue id",
            )
            ok = False
        elif sheet.name not in issues:
            guess = nearest(sheet.name, issues)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.add(
                sheet,
                0,
                None,
                "",
                f"the sheet is named '{sheet.name}', not an issue id "
                "of the case, and has no 'issue' column",
                f"{hint}name the sheet after the issue's id or add an 'issue' column",
            )
            ok = False
    return ok


def _position_row(
    sheet: Sheet,
    row: int,
    header: list[str],
    case: Case,
    positions: dict[str, dict[str, dict[str, Any]]],
    capabilities: dict[str, dict[str, Any]],
    capability_rows: dict[str, tuple[Sheet, int]],
    problems: _Problems,
) -> None:
    cells = sheet.rows[row]
    index = {title: i for i, title in enumerate(header)}
    issues = {issue.id: issue for issue in case.issues}
    actors = {actor.id: actor for actor in case.actors}
    issue_id = _text(_cell(cells, index.get("issue"))) if "issue" in index else str(sheet.name)
    actor_id = _text(_cell(cells, index["actor"]))
    known = True
    for what, given, table, column in (
        ("issue", issue_id, issues, index.get("issue")),
        ("actor", actor_id, actors, index["actor"]),
    ):
        if given not in table:
            guess = nearest(given, table)
            hint = f"did you mean '{guess}'? " if guess else ""
            section = "[[issues]]" if what == "issue" else "[[actors]]"
            problems.add(
                sheet,
                row,
                column,
                what,
                f"unknown {what} '{given}'" if given else f"no {what} given",
                f"{hint}use an {what} id of the case, or declare it under {section} first",
            )
            known = False
    if not known:
        return
    if actor_id in positions.get(issue_id, {}):
        problems.add(
            sheet,
            row,
            index["actor"],
            "actor",
            f"a second row for actor '{actor_id}' on issue '{issue_id}'",
            "keep one row per issue and actor",
        )
        return
    shared = _Columns(None, {d: index[d] for d in ("evidence", "assumption") if d in index})
    evidence_ids = {item.id for item in case.evidence}
    current = {entry.actor: entry for entry in issues[issue_id].positions}
    entry: dict[str, Any] = {"actor": actor_id}
    for name in ("position", "salience"):
        columns = _judgment_columns(header, name)
        before = getattr(current[actor_id], name) if actor_id in current else None
        judged = _judgment(sheet, row, name, columns, shared, before, Score, problems)
        if judged is None or not _checked(
            sheet,
            row,
            columns.value,
            name,
            judged,
            Score,
            evidence_ids,
            problems,
            columns.details.get("evidence", shared.details.get("evidence")),
        ):
            return
        entry[name] = judged
    positions.setdefault(issue_id, {})[actor_id] = entry
    columns = _judgment_columns(header, "capability")
    if columns.value is None or _cell(cells, columns.value) is None:
        return
    before_capability = actors[actor_id].capability
    judged = _judgment(
        sheet, row, "capability", columns, shared, before_capability, Score, problems
    )
    if judged is None or not _checked(
        sheet,
        row,
        columns.value,
        "capability",
        judged,
        Score,
        evidence_ids,
        problems,
        columns.details.get("evidence", shared.details.get("evidence")),
    ):
        return
    if actor_id in capabilities and capabilities[actor_id] != judged:
        first_sheet, first_row = capability_rows[actor_id]
        line, where = first_sheet.where(first_row)
        problems.add(
            sheet,
            row,
            columns.value,
            "capability",
            f"the capability of '{actor_id}' differs from the one given on line {line} ({where})",
            "an actor has one capability: give the same on every row, or "
            "leave the cell empty after the first",
        )
        return
    capabilities[actor_id] = judged
    capability_rows.setdefault(actor_id, (sheet, row))


# -- impacts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactImport:
    """What an impacts file sets: every (source, target) pair it covers, with the judgment
    (None for a 0 cell of a matrix, which removes an impact)."""

    pairs: dict[tuple[str, str], dict[str, Any] | None]


def read_impacts(path: Path, case: Case) -> ImpactImport:
    """The cross-impacts in ``path`` (.scw, .csv or .xlsx), checked against ``case``."""
    if path.suffix.lower() == ".scw":
        return _scw_impacts(path, case)
    sheets = [
        sheet
        for sheet in read_sheets(path)
        if not (sheet.name == POSITION_SHEET or "actor" in _header(sheet))
    ]
    long = [sheet for sheet in sheets if {"source", "target"} <= set(_header(sheet))]
    matrices = [sheet for sheet in sheets if sheet not in long and sheet.rows]
    problems = _Problems()
    pairs: dict[tuple[str, str], dict[str, Any] | None] = {}
    for sheet in long:
        _long_impacts(sheet, case, pairs, problems)
    matrix_pairs: dict[tuple[str, str], tuple[dict[str, Any] | None, Sheet, int, int]] = {}
    for sheet in matrices:
        _matrix_impacts(sheet, case, matrix_pairs, problems)
    problems.raise_any()
    if not long and not matrices:
        raise _file_problem(
            path,
            "no cross-impact table found",
            "give a matrix with descriptor.variant labels across the first row and down the "
            "first column, or a table with the columns source, target, value",
        )
    if long:
        # The long table carries what a matrix cannot (sd, evidence): it rules, and a matrix
        # beside it must say the same, so that an edit made in the matrix is not lost.
        for (source, target), (judged, sheet, row, column) in matrix_pairs.items():
            value = 0 if judged is None else judged["value"]
            listed = pairs.get((source, target))
            other = 0 if listed is None else listed["value"]
            if value != other:
                problems.add(
                    sheet,
                    row,
                    column,
                    f"{source} -> {target}",
                    f"the matrix says {value} but the table of impacts says {other}",
                    "edit one of the two so that they agree (the table is read, the "
                    "matrix checked), or delete the matrix sheet",
                )
        problems.raise_any()
        return ImpactImport(pairs)
    return ImpactImport({pair: judged for pair, (judged, *_) in matrix_pairs.items()})


def _variant_refs(case: Case) -> dict[str, str]:
    """Every descriptor.variant reference of the case, by itself."""
    return {
        f"{d.id}.{v.id}": f"{d.id}.{v.id}" for d in case.scenarios.descriptors for v in d.variants
    }


def _existing_impacts(case: Case) -> dict[tuple[str, str], CrossImpact]:
    return {(impact.source, impact.target): impact for impact in case.scenarios.impacts}


def _long_impacts(
    sheet: Sheet,
    case: Case,
    pairs: dict[tuple[str, str], dict[str, Any] | None],
    problems: _Problems,
) -> None:
    header = _header(sheet)
    for column, title in enumerate(header):
        if title and title not in IMPACT_COLUMNS:
            problems.add(
                sheet,
                0,
                column,
                title,
                f"unknown column '{title}'",
                f"use the columns {', '.join(IMPACT_COLUMNS)}",
            )
    if "value" not in header:
        problems.add(sheet, 0, None, "", "no 'value' column", "add a column headed 'value'")
        return
    index = {title: i for i, title in enumerate(header)}
    columns = _Columns(index["value"], {d: index[d] for d in DETAILS if d in index})
    refs = _variant_refs(case)
    existing = _existing_impacts(case)
    evidence_ids = {item.id for item in case.evidence}
    for row in range(1, len(sheet.rows)):
        cells = sheet.rows[row]
        ends = []
        for end in ("source", "target"):
            given = _text(_cell(cells, index[end]))
            if given not in refs:
                _unknown_variant(sheet, row, index[end], end, given, refs, problems)
            ends.append(given)
        if any(end not in refs for end in ends):
            continue
        source, target = ends
        if (source, target) in pairs:
            problems.add(
                sheet,
                row,
                index["target"],
                "target",
                f"the impact of {source} on {target} is listed twice",
                "keep one row per (source, target) pair",
            )
            continue
        judged = _judgment(
            sheet,
            row,
            "value",
            columns,
            _Columns(None, {}),
            existing.get((source, target)),
            CrossImpact,
            problems,
        )
        if judged is None or not _self_impact_ok(
            sheet, row, index["target"], source, target, judged["value"], problems, zero_ok=False
        ):
            continue
        judged = {"source": source, "target": target, **judged}
        if _checked(
            sheet,
            row,
            columns.value,
            "value",
            judged,
            CrossImpact,
            evidence_ids,
            problems,
            columns.details.get("evidence"),
        ):
            pairs[(source, target)] = judged


def _unknown_variant(
    sheet: Sheet,
    row: int,
    column: int | None,
    what: str,
    given: str,
    refs: Mapping[str, str],
    problems: _Problems,
) -> None:
    guess = nearest(given, refs)
    hint = f"did you mean '{guess}'? " if guess else ""
    problems.add(
        sheet,
        row,
        column,
        what,
        f"'{given}' is no descriptor.variant of the case" if given else f"no {what}",
        f"{hint}write the descriptor id, a dot and the variant id, as declared under "
        "[[scenarios.descriptors]]",
    )


def _self_impact_ok(
    sheet: Sheet | None,
    row: int,
    column: int | None,
    source: str,
    target: str,
    value: float,
    problems: _Problems,
    path: Path | None = None,
    zero_ok: bool = True,
) -> bool:
    """Whether a judgment links two different descriptors (or is a 0 cell of a matrix, which
    says nothing); a problem otherwise."""
    if (zero_ok and value == 0) or source.split(".")[0] != target.split(".")[0]:
        return True
    message = (
        f"the impact of {source} on {target} ({value:g}) is a descriptor acting on itself, "
        "which a case cannot hold"
    )
    fix = (
        "a case file keeps descriptors from acting on themselves; to study the matrix as it "
        "is (ScenarioWizard's self-blocks counted) run `realpolitik scenarios` on the file "
        "itself, or set the self-block to 0 (or model the influence through another "
        "descriptor) and import again"
    )
    if sheet is not None:
        problems.add(sheet, row, column, f"{source} -> {target}", message, fix)
    elif path is not None:
        problems.items.append(Problem(path, None, "", message, fix))
    return False


def _matrix_impacts(
    sheet: Sheet,
    case: Case,
    pairs: dict[tuple[str, str], tuple[dict[str, Any] | None, Sheet, int, int]],
    problems: _Problems,
) -> None:
    refs = _variant_refs(case)
    existing = _existing_impacts(case)
    sheet, first = _two_row_labels(sheet)  # the layout `realpolitik scenarios --export` writes
    top = sheet.rows[first]
    unknown = _UnknownLabels(sheet, refs, first)
    columns: dict[int, str] = {}
    for column in range(first + 1, len(top)):
        label = _text(top[column])
        if not label:
            continue
        if label not in refs:
            unknown.add(first, column, label)
        elif label in columns.values():
            problems.add(
                sheet,
                0,
                column,
                label,
                f"column '{label}' appears twice",
                "give each variant one column",
            )
        else:
            columns[column] = label
    sources: set[str] = set()
    for row in range(first + 1, len(sheet.rows)):
        cells = sheet.rows[row]
        source = _text(_cell(cells, first))
        if source not in refs:
            unknown.add(row, first, source)
            continue
        if source in sources:
            problems.add(
                sheet,
                row,
                first,
                source,
                f"row '{source}' appears twice",
                "give each variant one row",
            )
            continue
        sources.add(source)
        for column in range(first + 1, len(cells)):
            raw = _cell(cells, column)
            if column not in columns:
                if raw is not None and column not in unknown.columns:
                    problems.add(
                        sheet,
                        row,
                        column,
                        "",
                        "a value under no variant label",
                        "label the column with descriptor.variant or clear the cell",
                    )
                continue
            target = columns[column]
            value = 0.0 if raw is None else _number(raw)
            if value is None or not value.is_integer() or not -3 <= value <= 3:
                problems.add(
                    sheet,
                    row,
                    column,
                    f"{source} -> {target}",
                    f"{_text(raw)!r} is not a cross-impact",
                    "write a whole number from -3 to 3 (empty means 0)",
                )
                continue
            if not _self_impact_ok(sheet, row, column, source, target, value, problems):
                continue
            before = existing.get((source, target))
            judged: dict[str, Any] | None
            if before is not None and _keeps(before, value):
                judged = before.model_dump(exclude_defaults=True)
            elif value == 0:
                judged = None
            else:
                judged = {
                    "source": source,
                    "target": target,
                    "value": int(value),
                    "assumption": f"imported from {sheet.file.name}",
                }
            pairs[(source, target)] = (judged, sheet, row, column)
    unknown.report(problems, first)


def _two_row_labels(sheet: Sheet) -> tuple[Sheet, int]:
    """A matrix as the CSV export of `realpolitik scenarios` lays it out (two header rows,
    descriptors then variants, and two label columns; a blank descriptor cell continues the
    one before) with its labels made ``descriptor.variant`` in the second row and column;
    other sheets as they are. Returns the sheet and the index of its label row and column."""
    rows = sheet.rows
    corner = [_text(_cell(row, column)) for row in rows[:2] for column in (0, 1)]
    if len(rows) < 3 or any(corner) or len(rows[0]) < 3:
        return sheet, 0

    def dotted(pairs: list[tuple[str, str]]) -> list[str]:
        out, current = [], ""
        for descriptor, variant in pairs:
            current = descriptor or current
            out.append(f"{_as_id(current, 'd')}.{_as_id(variant, 'v')}" if variant else "")
        return out

    top = dotted([(_text(a), _text(b)) for a, b in zip(rows[0][2:], rows[1][2:], strict=False)])
    side = dotted([(_text(_cell(row, 0)), _text(_cell(row, 1))) for row in rows[2:]])
    new_rows: list[list[object]] = [list(rows[0]), ["", "", *top]]
    new_rows += [["", label, *row[2:]] for label, row in zip(side, rows[2:], strict=True)]
    return Sheet(sheet.file, sheet.name, new_rows, sheet.lines), 1


def _as_id(name: str, prefix: str) -> str:
    """A name as an id: itself when it is one, else made into one (see :func:`slug`)."""
    return name if is_id(name) else slug(name, prefix)


def is_id(text: str) -> bool:
    """Whether ``text`` is an identifier: the whole of it (``re.match`` with the pattern's
    ``$`` would let a trailing newline through)."""
    return re.fullmatch(ID_PATTERN.removeprefix("^").removesuffix("$"), text) is not None


@dataclass
class _UnknownLabels:
    """Matrix labels the case does not declare, reported once per missing descriptor (a
    descriptor the case lacks is one cause, not one fault per variant, row and column) and
    once per missing variant of a declared descriptor."""

    sheet: Sheet
    refs: Mapping[str, str]
    top: int = 0
    places: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    columns: set[int] = field(default_factory=set)

    def add(self, row: int, column: int, label: str) -> None:
        self.places.setdefault(label, []).append((row, column))
        if row == self.top:
            self.columns.add(column)

    def report(self, problems: _Problems, top: int = 0) -> None:
        declared = {ref.split(".")[0] for ref in self.refs}
        missing: dict[str, list[str]] = {}
        for label in self.places:
            descriptor = label.split(".")[0]
            if "." in label and descriptor not in declared:
                missing.setdefault(descriptor, []).append(label)
            else:
                row, column = self.places[label][0]
                what = "target" if row == top else "source"
                _unknown_variant(self.sheet, row, column, what, label, self.refs, problems)
        for descriptor, labels in missing.items():
            row, column = self.places[labels[0]][0]
            count = sum(len(self.places[label]) for label in labels)
            guess = nearest(descriptor, declared)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.add(
                self.sheet, row, column, labels[0],
                f"the case has no descriptor '{descriptor}' ({count} row and column labels "
                f"name it: {', '.join(labels[:4])}{', ...' if len(labels) > 4 else ''})",
                f"{hint}declare it under [[scenarios.descriptors]] with its variants first "
                "(`realpolitik new --from-scw` makes them from a ScenarioWizard file), or "
                "correct the labels",
            )  # fmt: skip


def scw_names(
    descriptors: Sequence[str], variants: Sequence[Sequence[str]]
) -> list[tuple[str, list[str]]]:
    """Case ids for ScenarioWizard descriptor and variant names (see :func:`slug`), unique
    among descriptors and within each descriptor."""
    out: list[tuple[str, list[str]]] = []
    taken: set[str] = set()
    for descriptor, names in zip(descriptors, variants, strict=True):
        ident = _unique(slug(descriptor, "d"), taken)
        inner: set[str] = set()
        out.append((ident, [_unique(slug(name, "v"), inner) for name in names]))
    return out


def slug(name: str, prefix: str) -> str:
    """An id made of a free-text name: lower case, other characters as hyphens, starting
    with a letter (``prefix`` before a leading digit)."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ident = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not ident or not ident[0].isalpha():
        ident = f"{prefix}-{ident}" if ident else prefix
    return ident


def _unique(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 2
    while candidate in taken:
        candidate, number = f"{ident}-{number}", number + 1
    taken.add(candidate)
    return candidate


def read_scw_matrix(
    path: Path,
) -> tuple[list[tuple[str, list[str]]], list[str], list[list[str]], np.ndarray]:
    """A ScenarioWizard file's ids (see :func:`scw_names`), names and judgments; a
    descriptor acting on itself (a nonzero diagonal block) is refused with what to do."""
    from realpolitik.scenarios import ScenarioError, read_scw

    try:
        matrix = read_scw(path)
    except ScenarioError as error:
        text = str(error)
        if "itself" in text or "own variants" in text:
            raise _file_problem(
                path,
                f"{text.removeprefix(f'{path}: ')}: a case cannot hold a descriptor acting "
                "on itself",
                "set that block to 0 in ScenarioWizard (or model the influence through "
                "another descriptor), save, and run the command again",
            ) from None
        raise _file_problem(path, text.removeprefix(f"{path}: "), "correct the file") from None
    names = scw_names(matrix.descriptors, matrix.variants)
    impacts = np.asarray(matrix.impacts, dtype=float)
    problems = _Problems()
    offsets = matrix.offsets
    for d, (descriptor, variant_ids) in enumerate(names):
        block = impacts[offsets[d] : offsets[d + 1], offsets[d] : offsets[d + 1]]
        for a, b in zip(*np.nonzero(block), strict=True):
            _self_impact_ok(
                None,
                0,
                None,
                f"{descriptor}.{variant_ids[a]}",
                f"{descriptor}.{variant_ids[b]}",
                float(block[a, b]),
                problems,
                path,
            )
    problems.raise_any()
    bad = [v for v in impacts.flat if not float(v).is_integer() or not -3 <= v <= 3]
    if bad:
        raise _file_problem(
            path,
            f"judgment {bad[0]:g} is not a whole number from -3 to 3",
            "a case holds cross-impacts on the -3..3 scale: round the judgments in "
            "ScenarioWizard, or scale them, and save again",
        )
    return names, list(matrix.descriptors), [list(v) for v in matrix.variants], impacts


def _scw_impacts(path: Path, case: Case) -> ImpactImport:
    names, descriptor_names, variant_names, impacts = read_scw_matrix(path)
    declared = {d.id: d for d in case.scenarios.descriptors}
    by_name = {d.name: d for d in case.scenarios.descriptors}
    refs: list[str] = []
    problems: list[Problem] = []
    for (ident, variant_ids), name, v_names in zip(
        names, descriptor_names, variant_names, strict=True
    ):
        descriptor = declared.get(ident) or by_name.get(name)
        if descriptor is None:
            guess = nearest(ident, declared)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.append(
                Problem(
                    path,
                    None,
                    f"descriptor {name!r}",
                    f"no descriptor of the case has the id '{ident}' or the name {name!r}",
                    f"{hint}rename it in one of the two, or declare it under "
                    "[[scenarios.descriptors]]",
                )
            )
            refs += [""] * len(variant_ids)
            continue
        refs += [
            _scw_variant(path, descriptor, ident, n, problems)
            for ident, n in zip(variant_ids, v_names, strict=True)
        ]
    if problems:
        raise TableError(problems)
    existing = _existing_impacts(case)
    pairs: dict[tuple[str, str], dict[str, Any] | None] = {}
    for row, source in enumerate(refs):
        for column, target in enumerate(refs):
            if source.split(".")[0] == target.split(".")[0]:
                continue
            value = int(impacts[row, column])
            before = existing.get((source, target))
            if before is not None and _keeps(before, value):
                pairs[(source, target)] = before.model_dump(exclude_defaults=True)
            elif value:
                pairs[(source, target)] = {
                    "source": source,
                    "target": target,
                    "value": value,
                    "assumption": f"imported from {path.name}",
                }
            else:
                pairs[(source, target)] = None
    return ImpactImport(pairs)


def _scw_variant(
    path: Path, descriptor: Descriptor, ident: str, name: str, problems: list[Problem]
) -> str:
    for variant in descriptor.variants:
        if variant.id == ident or variant.name == name:
            return f"{descriptor.id}.{variant.id}"
    problems.append(
        Problem(
            path,
            None,
            f"variant {name!r} of {descriptor.id!r}",
            f"descriptor '{descriptor.id}' has no variant '{ident}' or named {name!r}",
            "rename it in one of the two, or declare the variant in the case",
        )
    )
    return ""


# -- applying --------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """How many entries an import set, changed and removed."""

    positions_set: int = 0
    capabilities_set: int = 0
    impacts_set: int = 0
    impacts_removed: int = 0
    assumed: int = 0  # judgments that became "imported from FILE" assumptions


def apply_imports(
    case: Case, positions: PositionImport | None, impacts: ImpactImport | None
) -> tuple[dict[str, Any], ImportSummary]:
    """The case's data (a plain dict, ready to write and validate) with the imports applied."""
    data = case.model_dump(mode="python", exclude_defaults=True)
    positions_set = capabilities_set = impacts_set = removed = 0
    if positions is not None:
        for issue in data.get("issues", []):
            given = positions.positions.get(issue["id"], {})
            entries = list(issue["positions"])
            placed = {entry["actor"]: n for n, entry in enumerate(entries)}
            for actor, entry in given.items():
                if actor in placed:
                    entries[placed[actor]] = entry
                else:
                    entries.append(entry)
                positions_set += 1
            issue["positions"] = entries
        for actor in data["actors"]:
            if actor["id"] in positions.capabilities:
                actor["capability"] = positions.capabilities[actor["id"]]
                capabilities_set += 1
    if impacts is not None:
        scenarios = data.setdefault("scenarios", {})
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for impact in scenarios.get("impacts", []):
            pair = (impact["source"], impact["target"])
            seen.add(pair)
            if pair not in impacts.pairs:
                out.append(impact)
            elif impacts.pairs[pair] is None:
                removed += 1
            else:
                out.append(impacts.pairs[pair])  # type: ignore[arg-type]
                impacts_set += 1
        for pair, judged in impacts.pairs.items():
            if pair not in seen and judged is not None:
                out.append(judged)
                impacts_set += 1
        scenarios["impacts"] = out
    assumed = sum(1 for _ in _imported_assumptions(data))
    return data, ImportSummary(positions_set, capabilities_set, impacts_set, removed, assumed)


def _imported_assumptions(node: object) -> Iterator[str]:
    if isinstance(node, Mapping):
        text = node.get("assumption")
        if isinstance(text, str) and text.startswith("imported from "):
            yield text
        for value in node.values():
            yield from _imported_assumptions(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _imported_assumptions(value)


# -- writing ---------------------------------------------------------------------------


def _judgment_cells(judgment: Judgment) -> list[object]:
    """value, sd, low, high, evidence, assumption, note."""
    low, high = judgment.range if judgment.range is not None else (None, None)
    return [
        judgment.value,
        judgment.sd,
        low,
        high,
        " ".join(judgment.evidence) or None,
        judgment.assumption,
        judgment.note,
    ]


def position_rows(case: Case) -> list[list[object]]:
    """The long table of positions (header first), one row per issue and actor."""
    header = ["issue", "actor"]
    for name in POSITION_NUMBERS:
        header += [name, *(f"{name}_{detail}" for detail in DETAILS)]
    rows: list[list[object]] = [list(header)]
    for issue in case.issues:
        for entry in issue.positions:
            row: list[object] = [issue.id, entry.actor]
            row += _judgment_cells(entry.position) + _judgment_cells(entry.salience)
            row += _judgment_cells(case.actor(entry.actor).capability)
            rows.append(row)
    return rows


def impact_rows(case: Case) -> list[list[object]]:
    """The long table of cross-impacts (header first), in the case's order."""
    rows: list[list[object]] = [list(IMPACT_COLUMNS)]
    for impact in case.scenarios.impacts:
        rows.append([impact.source, impact.target, *_judgment_cells(impact)])
    return rows


def matrix_rows(case: Case) -> list[list[object]]:
    """The square matrix (labels in the first row and column, every cell a number)."""
    refs = list(_variant_refs(case))
    values = {(i.source, i.target): i.value for i in case.scenarios.impacts}
    rows: list[list[object]] = [["source \\ target", *refs]]
    for source in refs:
        rows.append([source, *(values.get((source, target), 0) for target in refs)])
    return rows


def _tables(case: Case) -> list[tuple[str, list[list[object]]]]:
    tables = [(POSITION_SHEET, position_rows(case))]
    if case.scenarios.descriptors:
        tables += [("impacts", impact_rows(case)), ("matrix", matrix_rows(case))]
    return tables


def write_xlsx(case: Case, path: Path) -> None:
    """Write the positions and the cross-impacts of ``case`` as an XLSX workbook."""
    book = _openpyxl().Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for title, rows in _tables(case):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "B2" if title == "matrix" else "A2"
    book.save(path)


def write_csv(case: Case, folder: Path) -> list[Path]:
    """Write ``positions.csv``, ``impacts.csv`` and ``matrix.csv`` into ``folder``."""
    written = []
    for title, rows in _tables(case):
        path = folder / f"{title}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(["" if cell is None else _csv_text(cell) for cell in row])
        written.append(path)
    return written


def _csv_text(cell: object) -> str:
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)
