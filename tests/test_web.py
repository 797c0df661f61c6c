"""The web service: every answer it gives to good and bad requests, a run end to end (its
results byte-identical to the command line's), and the page in headless Chromium.

Runs happen in child processes, so the runners that stand in for the main job here are
module-level functions (picklable); a held runner waits for a file to appear, not for an
event."""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from browser import CHROMIUM, FLAGS
from partial_results import one_scenario_results
from paths import DATA
from realpolitik.analysis import RunSettings
from realpolitik.case import Case
from realpolitik.cli import app as cli
from realpolitik.runner import OutputError, RunOutput
from realpolitik.store import list_runs
from realpolitik.web import CaseLimits, create_app

MINIMAL = DATA / "minimal.toml"
QUICK = {"runs": 30, "sensitivity_samples": 8, "game_draws": 5, "scenario_draws": 5}
#: The service answers only to its own names; the test client must use one.
LOCAL = "http://localhost"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    application = create_app(store_path=tmp_path / "runs.db", out_root=tmp_path / "out")
    with TestClient(application, base_url=LOCAL) as test_client:
        yield test_client


def test_cases_are_listed_and_an_unknown_case_is_named(client: TestClient) -> None:
    listed = client.get("/api/cases").json()
    flagship = next(c for c in listed if c["id"] == "south-caucasus-2021")
    assert flagship["counts"]["actors"] == 10 and flagship["counts"]["games"] == 3
    assert client.get("/api/cases/south-caucasus-2021").json()["counts"]["descriptors"] == 11
    missing = client.get("/api/cases/atlantis")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "no built-in case 'atlantis'",
        "fix": "use one of: south-caucasus-2021",
    }


def test_validate_lists_every_problem_with_line_field_and_fix(client: TestClient) -> None:
    good = client.post("/api/validate", content=MINIMAL.read_bytes())
    assert good.status_code == 200
    assert good.json()["ok"] is True and good.json()["summary"]["id"] == "minimal"
    text = MINIMAL.read_text().replace('id = "minimal"', "id = 3", 1)
    bad = client.post("/api/validate", content=text.encode(), headers={"X-Filename": "mine.toml"})
    body = bad.json()
    assert bad.status_code == 200 and body["ok"] is False
    problem = body["problems"][0]
    assert problem == {
        "file": "mine.toml",
        "line": 3,
        "field": "case.id",
        "message": "expected text in quotes, got int 3",
        "fix": "write text in quotes",
    }
    latin = client.post("/api/validate", content="[case]\ntitle = 'Caf\xe9'\n".encode("latin-1"))
    assert "UTF-8" in latin.json()["problems"][0]["message"]
    assert latin.json()["problems"][0]["line"] == 2
    empty = client.post("/api/validate", content=b"  \n")
    assert empty.status_code == 400 and empty.json()["fix"] == "send the case file's text"


def test_oversized_case_text_is_refused(tmp_path: Path) -> None:
    application = create_app(
        store_path=tmp_path / "runs.db", out_root=tmp_path / "out", limits=CaseLimits(max_bytes=100)
    )
    with TestClient(application, base_url=LOCAL) as client:
        answer = client.post("/api/validate", content=MINIMAL.read_bytes())
        assert answer.status_code == 413
        assert "larger than 100 bytes" in answer.json()["error"]
        text = MINIMAL.read_text()
        inside = client.post("/api/runs", json={"toml": text})  # the JSON is allowed more
        assert inside.status_code == 413
        assert f"is {len(text):,} bytes, more than 100" in inside.json()["error"]


@pytest.mark.parametrize(
    ("request_body", "field", "fix"),
    [
        ({"case": "south-caucasus-2021", "runs": 0}, "runs", "give a value from 1 to 20000"),
        ({"case": "south-caucasus-2021", "runs": "many"}, "runs", "give a whole number"),
        ({"case": "south-caucasus-2021", "tolerance": -1}, "tolerance", "give a value from 0.0"),
        ({"case": "south-caucasus-2021", "colour": "red"}, "colour", "remove it; the fields"),
        ({"runs": 10}, "(body)", 'send {"case": "<built-in id>"} or {"toml"'),
        ({"case": "atlantis"}, "case", "use one of: south-caucasus-2021"),
    ],
)
def test_bad_run_requests_name_the_field_and_the_fix(
    client: TestClient, request_body: dict[str, Any], field: str, fix: str
) -> None:
    answer = client.post("/api/runs", json=request_body)
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "the request is not valid"
    matching = [p for p in body["problems"] if p["field"] == field]
    assert matching, body
    assert matching[0]["fix"].startswith(fix), matching[0]


def test_both_sources_and_bad_json_are_explained(client: TestClient) -> None:
    both = client.post("/api/runs", json={"case": "south-caucasus-2021", "toml": "x"})
    assert "exactly one of 'case'" in both.json()["problems"][0]["message"]
    broken = client.post(
        "/api/runs", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    problem = broken.json()["problems"][0]
    assert problem["field"] == "(body)" and "not valid JSON" in problem["message"]


def test_a_case_with_problems_is_not_queued(client: TestClient) -> None:
    text = MINIMAL.read_text().replace('title = "A minimal case"\n', "", 1)
    answer = client.post("/api/runs", json={"toml": text, "filename": "mine.toml"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "the case has problems"
    assert body["problems"][0]["field"] == "case.title"
    assert body["problems"][0]["file"] == "mine.toml"
    assert client.get("/api/runs").json() == []


def test_a_run_end_to_end_matches_the_command_line(client: TestClient, tmp_path: Path) -> None:
    text = MINIMAL.read_text()
    answer = client.post("/api/runs", json={"toml": text, "filename": str(MINIMAL), **QUICK})
    assert answer.status_code == 202
    job_id = answer.json()["id"]
    queue = client.app.state.queue  # type: ignore[attr-defined]
    job = queue.wait(job_id, timeout=120)
    assert job is not None and job.status == "done", job and job.error
    status = client.get(f"/api/runs/{job_id}").json()
    every = ["evidence", "bargaining", "scenarios", "leverage", "pathways", "games"]
    assert status["stages"] == dict.fromkeys(every, 1.0)
    assert status["headline"]["consistent_scenarios"] >= 1
    report = client.get(status["links"]["report"])
    assert report.status_code == 200 and "A minimal case" in report.text
    served = client.get(status["links"]["results"]).content
    # The command line with the same case, settings and seed writes the same bytes.
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        cli,
        ["run", str(MINIMAL), "--runs", "30", "--sensitivity-samples", "8", "--game-draws", "5",
         "--scenario-draws", "5", "--no-charts", "--out", str(out), "--store",
         str(tmp_path / "cli.db")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert served == (out / "results.json").read_bytes()
    stored = list_runs(tmp_path / "runs.db")
    assert [run.case_id for run in stored] == ["minimal"]
    assert client.get("/api/runs/99-nothing").status_code == 404


def held_runner(
    release: Path,
    fail: bool,
    case: Case,
    settings: RunSettings,
    out_dir: Path,
    store: Path,
    name: str,
    progress: Any,
) -> RunOutput:
    """Stands in for the main job: reports progress, waits until ``release`` exists, then
    writes a report (or fails as a full disk would)."""
    progress("bargaining", 0.5)
    while not release.exists():
        time.sleep(0.02)
    if fail:
        raise OutputError("cannot write the results to /full (No space left)", "free space")
    (out_dir / "report.html").write_text("<html>ok</html>")
    results = one_scenario_results()
    return RunOutput(7, out_dir, out_dir / "report.html", out_dir / "r.json", results, "")


def wait_for(client: TestClient, job_id: str, condition: Any, seconds: float = 60) -> Any:
    """The run's view once ``condition`` holds for it (the child process reports progress
    a moment after it starts)."""
    deadline = time.monotonic() + seconds
    while not condition(run := client.get(f"/api/runs/{job_id}").json()):
        assert time.monotonic() < deadline, run
        time.sleep(0.02)
    return run


def test_job_states_running_queued_done_and_failed(tmp_path: Path) -> None:
    release = tmp_path / "release"
    application = create_app(
        store_path=tmp_path / "runs.db",
        out_root=tmp_path / "out",
        runner=functools.partial(held_runner, release, False),
    )
    with TestClient(application, base_url=LOCAL) as client:
        first = client.post("/api/runs", json={"case": "south-caucasus-2021"}).json()["id"]
        second = client.post("/api/runs", json={"case": "south-caucasus-2021"}).json()["id"]
        running = wait_for(client, first, lambda run: run["stages"] == {"bargaining": 0.5})
        assert running["status"] == "running"
        assert running["links"]["report"] is None
        assert client.get(f"/api/runs/{second}").json()["status"] == "queued"
        early = client.get(f"/runs/{first}/report.html")
        assert early.status_code == 409
        assert early.json() == {
            "error": f"run {first} is running",
            "fix": f"wait until /api/runs/{first} says done",
        }
        release.touch()
        queue = application.state.queue
        assert queue.wait(second, 10).status == "done"
        assert client.get(f"/runs/{first}/report.html").text == "<html>ok</html>"
        assert [job["id"] for job in client.get("/api/runs").json()] == [second, first]

    held = tmp_path / "held"
    failing = create_app(
        store_path=tmp_path / "runs.db",
        out_root=tmp_path / "out2",
        runner=functools.partial(held_runner, held, True),
    )
    failing.state.queue.max_waiting = 1
    with TestClient(failing, base_url=LOCAL) as client:
        job_id = client.post("/api/runs", json={"case": "south-caucasus-2021"}).json()["id"]
        client.post("/api/runs", json={"case": "south-caucasus-2021"})  # waits behind it
        full = client.post("/api/runs", json={"case": "south-caucasus-2021"})
        assert full.status_code == 429 and "already waiting" in full.json()["error"]
        held.touch()
        job = failing.state.queue.wait(job_id, 15)
        assert job.status == "failed"
        assert job.error == {
            "message": "cannot write the results to /full (No space left)",
            "fix": "free space",
        }
        answer = client.get(f"/runs/{job_id}/results.json")
        assert answer.status_code == 409 and "failed" in answer.json()["error"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    application = create_app(store_path=tmp_path / "runs.db", out_root=tmp_path / "out")
    port = _free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)


def test_the_page_in_headless_chromium(server: str, tmp_path: Path) -> None:
    """What a person does: sees the cases, checks a broken case, runs a good one, opens its
    report."""
    console_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            page.goto(server + "/")
            page.wait_for_selector("tr[data-case='south-caucasus-2021']")
            assert "10" in page.inner_text("tr[data-case='south-caucasus-2021']")
            broken = MINIMAL.read_text().replace('id = "minimal"', "id = 3", 1)
            page.fill("#case-text", broken)
            page.click("#validate")
            page.wait_for_selector("#check-result .problems li")
            shown = page.inner_text("#check-result")
            assert "case.id" in shown and "Fix: write text in quotes" in shown
            page.fill("#case-text", MINIMAL.read_text())
            page.click("#validate")
            page.wait_for_selector("#check-result p.ok")
            assert "Valid: A minimal case" in page.inner_text("#check-result")
            page.fill("#runs", "30")
            page.fill("#game-draws", "5")
            page.fill("#scenario-draws", "5")
            page.click("#run-own")
            page.wait_for_selector("#run-list tr[data-status='done']", timeout=120_000)
            row = page.inner_text("tr[data-status='done']")
            assert "A minimal case" in row and "consistent scenarios" in row
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
            link = page.get_attribute("tr[data-status='done'] a", "href")
            assert link is not None
            page.goto(server + link)
            page.wait_for_timeout(1000)
            assert "A minimal case" in page.title()
        finally:
            browser.close()
    assert console_errors == []
    assert (tmp_path / "page.png").stat().st_size > 20_000
    assert [run.case_id for run in list_runs(tmp_path / "runs.db")] == ["minimal"]


def test_serve_refuses_a_missing_sources_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--sources", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "is not a folder" in " ".join(result.output.split())
