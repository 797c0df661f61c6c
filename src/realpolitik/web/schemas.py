"""What the service's API accepts and answers, as models: FastAPI checks requests against
them and describes both in its OpenAPI schema (``GET /openapi.json``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from realpolitik.results.case import CaseSummary  # the case summary results.json holds too

#: The largest seed the run store keeps (SQLite INTEGER), as for the command line.
MAX_SEED = 2**63 - 1

Status = Literal["queued", "running", "done", "failed", "cancelled", "timed_out"]
#: The statuses a run does not leave.
FINAL_STATUSES: tuple[Status, ...] = ("done", "failed", "cancelled", "timed_out")

#: A text without one of these characters is empty (the same set as ``bytes.strip``).
NOT_BLANK = "[^ \\t\\n\\r\\x0b\\x0c]"


def _number_only(kind: str) -> Any:
    """A check that refuses text and true/false where a number belongs (pydantic would
    otherwise read "5" as 5 and true as 1, which the schema does not allow)."""

    def check(value: Any) -> Any:
        if isinstance(value, str | bool):
            raise PydanticCustomError(kind, "Input should be a number, not text or true/false")
        return value

    return BeforeValidator(check)


WholeNumber = Annotated[int, _number_only("int_type")]
Number = Annotated[float, _number_only("float_type")]


class _CaseSource(BaseModel):
    """A built-in case id or a case file's text, exactly one of them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["case"]}, {"required": ["toml"]}]},
    )

    case: Annotated[str | None, WithJsonSchema({"type": "string"})] = Field(
        None, description="A built-in case id."
    )
    toml: Annotated[
        str | None, WithJsonSchema({"type": "string", "minLength": 1, "pattern": NOT_BLANK})
    ] = Field(None, description="The text of a case file.")

    @field_validator("case", "toml", mode="before")
    @classmethod
    def _text_not_null(cls, value: Any) -> Any:
        if value is None:  # only an explicit null reaches here; an absent field is fine
            raise PydanticCustomError("string_type", "Input should be a valid string, not null")
        return value

    @field_validator("case", "toml")
    @classmethod
    def _whole_characters(cls, value: str | None) -> str | None:
        # pydantic refuses half a character (a lone surrogate, which JSON can carry) in a
        # ``str`` field but lets it through in ``str | None``.
        if value is not None and any("\ud800" <= char <= "\udfff" for char in value):
            raise PydanticCustomError("string_unicode", "Input should be whole characters")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.case is None) == (self.toml is None):
            raise ValueError("give exactly one of 'case' (a built-in id) and 'toml' (a case)")
        return self


class RunRequest(_CaseSource):
    """A request to run the main job on a built-in case or on a case file's text."""

    filename: str = Field("uploaded.toml", max_length=200, description="Names it in messages.")
    runs: WholeNumber = Field(1000, ge=1, le=20_000, description="Monte Carlo runs per issue.")
    seed: WholeNumber = Field(2021, ge=0, le=MAX_SEED, description="Random seed.")
    sensitivity_samples: WholeNumber = Field(128, ge=8, le=4096)
    game_draws: WholeNumber = Field(200, ge=1, le=5000)
    scenario_draws: WholeNumber = Field(200, ge=1, le=5000)
    tolerance: Number = Field(0.0, ge=0.0, le=10.0, description="CIB consistency tolerance.")


class ErrorBody(BaseModel):
    """An error and how to mend it."""

    error: str
    fix: str


class Problem(BaseModel):
    """One problem: where (file and line for a case file), which field, what, and the fix."""

    file: str | None = None
    line: int | None = None
    field: str
    message: str
    fix: str


class ProblemsBody(BaseModel):
    """An error with every problem found."""

    error: str
    problems: list[Problem]


class ValidateAnswer(BaseModel):
    """The check of a case file: its summary when valid, else every problem."""

    ok: bool
    summary: CaseSummary | None = None
    problems: list[Problem] | None = None


class JobSettings(BaseModel):
    runs: int
    seed: int
    sensitivity_samples: int
    game_draws: int
    scenario_draws: int
    tolerance: float
    evidence_checked: bool


class JobError(BaseModel):
    message: str
    fix: str


class IssueHeadline(BaseModel):
    title: str
    eum: float | None


class Headline(BaseModel):
    """The few figures the page shows for a finished run."""

    issues: list[IssueHeadline]
    consistent_scenarios: int
    scenario_space: int | None
    games: int
    triangulation_agree: int
    triangulation_total: int
    evidence: dict[str, int] | None


class JobLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: str = Field(alias="self")
    report: str | None
    results: str | None


class JobView(BaseModel):
    """One run requested through the service and what became of it."""

    id: str
    case: str
    title: str
    status: Status
    stages: dict[str, float] = Field(description="Share done of each stage started (0 to 1).")
    settings: JobSettings
    created: float = Field(description="When it was asked for (seconds since 1970).")
    started: float | None
    finished: float | None
    seconds: float | None
    error: JobError | None = Field(description="Why a failed, cancelled or timed-out run ended.")
    run_id: int | None = Field(description="Its id in the run store, once done.")
    headline: Headline | None
    links: JobLinks


# -- the workbench: open a case, edit its judgments, rerun the quick engines ----------------


class SourceText(BaseModel):
    """One source text the case's evidence quotes, as its ``sources`` ``file`` names it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        min_length=1,
        max_length=300,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99})*$",
        description="The file's name relative to the sources folder (e.g. 'statement.txt').",
    )
    text: str = Field(description="The file's text (UTF-8).")

    @field_validator("text")
    @classmethod
    def _whole_characters(cls, value: str) -> str:
        if any("\ud800" <= char <= "\udfff" for char in value):
            raise PydanticCustomError("string_unicode", "Input should be whole characters")
        return value


class OpenRequest(_CaseSource):
    """Open a built-in case, or a case file's text with the source texts it quotes."""

    filename: str = Field(
        "uploaded.toml",
        max_length=200,
        pattern=r"^[^/\\]*$",
        description="Names it in messages and in the list of your cases.",
    )
    sources: list[SourceText] = Field(
        default_factory=list, max_length=64, description="Source texts (uploaded cases only)."
    )
    tolerance: Number = Field(0.0, ge=0.0, le=10.0, description="CIB consistency tolerance.")

    @model_validator(mode="after")
    def _sources_with_upload(self) -> Self:
        if self.case is not None and self.sources:
            raise ValueError("source texts come with an uploaded case ('toml'), not a built-in")
        return self


class EditItem(BaseModel):
    """A new value for one judgment, named by its address."""

    model_config = ConfigDict(extra="forbid")

    address: str = Field(
        min_length=1,
        max_length=400,
        description="As listed in the case's judgments, e.g. "
        "'issues[peacekeepers].positions[russia].salience'.",
    )
    value: Number = Field(description="The new value, on the judgment's scale.")


class EditRequest(BaseModel):
    """Edits applied together to the case as it stands; the case is then checked whole."""

    model_config = ConfigDict(extra="forbid")

    edits: list[EditItem] = Field(min_length=1, max_length=200)


class QuickIssue(BaseModel):
    id: str
    title: str
    low: str
    high: str
    forecasts: dict[str, float | None] = Field(description="Point forecast (0-100) by model.")
    eum_status: str
    actors: int


class QuickScenario(BaseModel):
    key: str
    variants: dict[str, str] = Field(description="The variant of each descriptor.")


class QuickScenarios(BaseModel):
    descriptors: int
    space: int | None = None
    count: int | None = Field(None, description="Consistent scenarios (null if not found).")
    shown: list[QuickScenario] = Field(default_factory=list)
    error: JobError | None = None


class QuickResults(BaseModel):
    """The quick engines: point forecasts and the exact consistent scenarios."""

    issues: list[QuickIssue]
    scenarios: QuickScenarios
    evidence: dict[str, str] | None = Field(
        description="Each evidence item's check against the sent source texts (null if none)."
    )


class EvidenceQuote(BaseModel):
    id: str
    quote: str
    claim: str
    source: str
    source_id: str
    paragraph: int
    check: str | None


class JudgmentRow(BaseModel):
    """One judgment: its address for edits, scale, line in the case text and grounds."""

    address: str
    kind: str
    label: str
    value: float
    original: float | None
    low: float
    high: float
    whole: bool
    range: list[float] | None
    sd: float | None
    line: int | None
    evidence: list[EvidenceQuote]
    assumption: str | None


class OpenCaseItem(BaseModel):
    """One case open on the workbench, as listed."""

    id: str
    name: str
    origin: Literal["built-in", "uploaded"]
    title: str
    opened: float = Field(description="When it was opened (seconds since 1970).")
    edits: int
    source_files: list[str]


class OpenCaseView(OpenCaseItem):
    """An open case: its judgments and the quick engines before and after the edits."""

    case_id: str
    text: str = Field(description="The case text with every edit written in.")
    judgments: list[JudgmentRow]
    before: QuickResults | None
    after: QuickResults | None
    quick_error: JobError | None
    edit_log: list[EditItem]
