"""The service's OpenAPI schema tells the truth: schemathesis sends generated requests, valid
and invalid, to every operation of the application (in-process) and runs all its checks on
every answer: no server error, every status documented, every body and content type as
described, invalid data refused, valid data accepted, and no request let in without the
token (the service here has one, as it does when bound beyond localhost).

Runs are real requests that queue real jobs, so a stand-in runner answers them at once. A
valid case text that has problems is rejected with 422 ("the case has problems"); that is
the one answer to data valid by the schema that is not a success, and the schema says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from realpolitik.web import CaseLimits, create_app
from realpolitik.web.guard import LOCAL_HOSTS
from test_web_hardening import quick_runner

#: The Host header schemathesis's in-process client sends.
TEST_HOST = "testserver"
TOKEN = "schema-test-token"

#: What answers data valid by the schema: a success, or a documented refusal that depends on
#: the service's state (no such run yet, a run not done, too many waiting).
ACCEPTED = ["2xx", "404", "409", "429"]
#: A case text that is a string but not a case is answered 422, its problems listed.
CASE_TEXT_CHECKS = {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": 50, "mode": "all"},
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {"include-path": "/api/runs", "include-method": "POST", "checks": CASE_TEXT_CHECKS},
            {"include-path": "/api/validate", "include-method": "POST", "checks": CASE_TEXT_CHECKS},
            {
                "include-path": "/api/workbench",
                "include-method": "POST",
                "checks": CASE_TEXT_CHECKS,
            },
        ],
    }
)


#: The service's files for this module's session (removed when the interpreter exits).
FOLDER = tempfile.TemporaryDirectory(prefix="realpolitik-schema-")
APP = create_app(
    store_path=Path(FOLDER.name) / "runs.db",
    out_root=Path(FOLDER.name) / "out",
    runner=quick_runner,
    allowed_hosts=[*LOCAL_HOSTS, TEST_HOST],
    token=TOKEN,
    limits=CaseLimits(max_bytes=20_000),  # the boundary cases: texts of this many characters
    quick_time_limit=0.001,  # an opened case answers at once, its quick engines stopped
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_schema(case: schemathesis.Case) -> None:
    # With the token; the checks also send each request without it, and with a wrong one.
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
