"""The workbench of the web service: open a case (built in, or uploaded with its source
texts), edit judgments with field-level errors, rerun the quick engines and compare, download
the edited case, list the open cases; and the page doing it in headless Chromium on the
flagship case."""

from __future__ import annotations

import os
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, FLAGS
from paths import DATA
from realpolitik.case import parse_case
from realpolitik.web import CaseLimits, create_app
from realpolitik.web.workbench import (
    SCALES,
    Edit,
    Workbench,
    judgments_by_address,
    prepare_edits,
    rewrite_value,
    write_sources,
)
from test_web import LOCAL, _free_port

MINIMAL = DATA / "minimal.toml"
ESSAY = (DATA / "sources" / "essay.txt").read_text(encoding="utf-8")
SALIENCE = "issues[border].positions[north].salience"
#: The quick engines on a loaded two-core machine can take a while on the flagship.
SLOW = 180


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    application = create_app(
        store_path=tmp_path / "runs.db", out_root=tmp_path / "out", quick_time_limit=SLOW
    )
    with TestClient(application, base_url=LOCAL) as test_client:
        yield test_client


def _open_minimal(client: TestClient, **extra: Any) -> dict[str, Any]:
    answer = client.post(
        "/api/workbench",
        json={"toml": MINIMAL.read_text(), "filename": "minimal.toml", **extra},
    )
    assert answer.status_code == 201, answer.json()
    body: dict[str, Any] = answer.json()
    return body


def test_an_uploaded_case_opens_with_its_evidence_checked_and_is_listed(
    client: TestClient,
) -> None:
    view = _open_minimal(client, sources=[{"name": "essay.txt", "text": ESSAY}])
    assert view["origin"] == "uploaded" and view["source_files"] == ["essay.txt"]
    assert view["before"]["evidence"] == {"broker-strong": "verified", "rivals-apart": "verified"}
    row = next(j for j in view["judgments"] if j["address"] == SALIENCE)
    assert row["value"] == 90 and row["line"] == 64 and (row["low"], row["high"]) == (0, 100)
    assert row["evidence"][0]["quote"] == "the two rivals remain far apart"
    assert row["evidence"][0]["check"] == "verified"
    assumed = next(j for j in view["judgments"] if j["address"] == "actors[south].capability")
    assert assumed["assumption"] == "smaller economy" and assumed["range"] == [20, 40]
    [issue] = view["before"]["issues"]
    assert set(issue["forecasts"]) == {"eum", "mean", "median", "nash"}
    assert view["before"]["scenarios"]["count"] >= 1
    listed = client.get("/api/workbench").json()
    assert [(c["id"], c["name"], c["edits"]) for c in listed] == [(view["id"], "minimal.toml", 0)]
    assert client.delete(f"/api/workbench/{view['id']}").status_code == 200
    assert client.get("/api/workbench").json() == []
    assert client.get(f"/api/workbench/{view['id']}").status_code == 404


def test_an_edit_moves_the_forecast_and_the_download_keeps_the_file(client: TestClient) -> None:
    view = _open_minimal(client)
    before = view["before"]["issues"][0]["forecasts"]["mean"]
    answer = client.post(
        f"/api/workbench/{view['id']}/edits",
        json={"edits": [{"address": SALIENCE, "value": 10}]},
    )
    assert answer.status_code == 200, answer.json()
    edited = answer.json()
    assert edited["before"]["issues"][0]["forecasts"]["mean"] == before
    assert edited["after"]["issues"][0]["forecasts"]["mean"] != before
    row = next(j for j in edited["judgments"] if j["address"] == SALIENCE)
    assert (row["value"], row["original"]) == (10, 90)
    assert edited["edit_log"] == [{"address": SALIENCE, "value": 10}]
    download = client.get(f"/api/workbench/{view['id']}/case.toml")
    assert download.status_code == 200
    assert 'filename="minimal-edited.toml"' in download.headers["content-disposition"]
    original, changed = MINIMAL.read_text().split("\n"), download.text.split("\n")
    assert [i + 1 for i, (a, b) in enumerate(zip(original, changed, strict=True)) if a != b] == [64]
    assert changed[63] == 'salience = { value = 10, sd = 5, evidence = ["rivals-apart"] }'
    reread = parse_case(download.content, Path("minimal-edited.toml"))
    assert reread.issues[0].positions[0].salience.value == 10
    reset = client.post(f"/api/workbench/{view['id']}/reset").json()
    assert reset["after"] is None and reset["text"] == MINIMAL.read_text()


@pytest.mark.parametrize(
    ("edit", "field", "message", "fix"),
    [
        ({"address": SALIENCE, "value": 120}, SALIENCE, "outside the salience scale 0 to 100",
         "give a value from 0 to 100"),
        ({"address": "issues[border].positions[nobody].salience", "value": 5}, "nobody",
         "no judgment has this address", "did you mean"),
        ({"address": "scenarios.impacts[broker.strong>border.north]", "value": 1}, "impacts",
         "no judgment has this address", "listed by GET /api/workbench/"),
        ({"address": "actors[south].capability", "value": 50}, "capability",
         "outside the judgment's stated range [20, 40]", "widen the range"),
    ],
)  # fmt: skip
def test_a_bad_edit_names_its_field_and_the_fix(
    client: TestClient, edit: dict[str, Any], field: str, message: str, fix: str
) -> None:
    view = _open_minimal(client)
    answer = client.post(f"/api/workbench/{view['id']}/edits", json={"edits": [edit]})
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "the edits cannot be applied"
    [problem] = body["problems"]
    assert problem["field"].startswith("edits[1]") and field in problem["field"]
    assert message in problem["message"] and fix in problem["fix"]
    assert client.get(f"/api/workbench/{view['id']}").json()["after"] is None  # nothing applied


def test_whole_number_and_request_shape_errors(client: TestClient) -> None:
    view = _open_minimal(client)
    impact = next(j for j in view["judgments"] if j["kind"] == "cross-impact")
    answer = client.post(
        f"/api/workbench/{view['id']}/edits",
        json={"edits": [{"address": impact["address"], "value": 1.5}]},
    ).json()
    assert answer["problems"][0]["message"] == "1.5 is not a whole number"
    assert answer["problems"][0]["line"] == impact["line"]
    shape = client.post(f"/api/workbench/{view['id']}/edits", json={"edits": []})
    assert shape.status_code == 422 and shape.json()["problems"][0]["field"] == "edits"
    as_text = {"edits": [{"address": SALIENCE, "value": "9"}]}
    text = client.post(f"/api/workbench/{view['id']}/edits", json=as_text)
    assert text.status_code == 422
    assert text.json()["problems"][0]["fix"] == "give a number"
    missing = client.post(
        "/api/workbench/nope/edits", json={"edits": [{"address": "a", "value": 1}]}
    )
    assert missing.status_code == 404 and missing.json()["fix"].startswith("list the open")


def test_a_case_with_problems_is_refused_with_its_lines(client: TestClient) -> None:
    broken = MINIMAL.read_text().replace("value = 90, sd = 5", "value = 190, sd = 5", 1)
    answer = client.post("/api/workbench", json={"toml": broken, "filename": "mine.toml"})
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert (problem["file"], problem["line"]) == ("mine.toml", 64)
    assert client.get("/api/workbench").json() == []


@pytest.mark.parametrize(
    "name", ["../escape.txt", "/etc/passwd", "a/../../b.txt", ".hidden", "a\\b.txt", "x" * 301]
)
def test_source_names_that_could_leave_their_folder_are_refused(
    client: TestClient, name: str
) -> None:
    answer = client.post(
        "/api/workbench",
        json={"toml": MINIMAL.read_text(), "sources": [{"name": name, "text": "x"}]},
    )
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"].startswith("sources")


def test_source_texts_stay_in_their_folder_and_within_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    write_sources(folder, [("essay.txt", "a"), ("sub/other.txt", "b")])
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt")) == [
        "essay.txt",
        "sub/other.txt",
    ]
    with pytest.raises(FileExistsError):
        write_sources(folder, [("essay.txt", "again")])
    with pytest.raises(ValueError, match="leaves the folder"):
        write_sources(folder, [("../out.txt", "x")])
    assert not (tmp_path / "out.txt").exists()
    application = create_app(
        store_path=tmp_path / "runs.db",
        out_root=tmp_path / "out",
        limits=CaseLimits(max_source_bytes=10),
    )
    with TestClient(application, base_url=LOCAL) as client:
        answer = client.post(
            "/api/workbench",
            json={"toml": MINIMAL.read_text(), "sources": [{"name": "essay.txt", "text": ESSAY}]},
        )
        assert answer.status_code == 413 and "more than 10" in answer.json()["error"]
        twice = client.post(
            "/api/workbench",
            json={"toml": MINIMAL.read_text(),
                  "sources": [{"name": "a.txt", "text": ""}, {"name": "A.txt", "text": ""}]},
        )  # fmt: skip
        assert twice.status_code == 422 and "sent twice" in twice.json()["problems"][0]["message"]


def test_source_folders_go_when_the_case_closes_and_the_service_stops() -> None:
    bench = Workbench()
    first = bench.folder()
    write_sources(first, [("a.txt", "x")])
    root = first.parent
    bench.shutdown()
    assert not root.exists()


def test_rewrite_finds_the_value_under_its_own_key_when_a_line_holds_several() -> None:
    text = MINIMAL.read_text()
    path = ("games", 0, "outcomes", 0, "payoffs", "south")
    changed = rewrite_value(text, path, "1")
    assert changed is not None
    line = changed.split("\n")[152]
    assert "north = { value = 2," in line and "south = { value = 1," in line
    data = tomllib.loads(changed)
    assert data["games"][0]["outcomes"][0]["payoffs"]["south"]["value"] == 1


def test_quick_engines_past_their_time_limit_are_stopped(tmp_path: Path) -> None:
    application = create_app(
        store_path=tmp_path / "runs.db", out_root=tmp_path / "out", quick_time_limit=0.001
    )
    with TestClient(application, base_url=LOCAL) as client:
        view = _open_minimal(client)
        assert view["before"] is None
        assert "were stopped" in view["quick_error"]["message"]
        assert view["judgments"]  # still editable


# -- the page ------------------------------------------------------------------------------


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    application = create_app(
        store_path=tmp_path / "runs.db", out_root=tmp_path / "out", quick_time_limit=SLOW
    )
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


def test_the_flagship_on_the_page_edit_a_salience_and_see_the_forecast_move(
    server: str, tmp_path: Path
) -> None:
    """Open the flagship, lower Russia's salience on the peacekeepers issue, rerun, see the
    forecast move; then a broken case's error line is one click away in the editor."""
    shots = Path(os.environ.get("REALPOLITIK_SCREENSHOTS", tmp_path))
    console_errors: list[str] = []
    address = "issues[peacekeepers].positions[russia].salience"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            page.goto(server + "/")
            page.click("tr[data-case='south-caucasus-2021'] button.open-case")
            page.wait_for_selector("#workbench:not([hidden]) #forecasts", timeout=SLOW * 1000)
            cell = "#forecasts tr[data-issue='peacekeepers'] td[data-model='mean']"
            before = page.inner_text(cell)
            page.screenshot(path=str(shots / "workbench-opened.png"))
            assert "south-caucasus-2021.toml" in page.inner_text("#mine")
            row = f"#judgments tr[data-address='{address}']"
            assert "peacekeepers" in page.inner_text(row)
            assert "\u00b6" in page.inner_text(row)  # the quote and its paragraph beside it
            page.fill(f"{row} input", "150")
            assert "give a value from 0 to 100" in page.inner_text(row)
            assert page.is_disabled("#rerun")
            page.fill(f"{row} input", "5")
            assert page.inner_text("#rerun") == "Rerun with 1 change"
            page.click("#rerun")
            page.wait_for_selector(f"{cell} strong", timeout=SLOW * 1000)
            after = page.inner_text(cell)
            assert after.split()[0] != before and f"was {before}" in after
            assert "was " in page.inner_text(row)
            page.screenshot(path=str(shots / "workbench-after-edit.png"))
            page.screenshot(path=str(shots / "workbench-full.png"), full_page=True)
            assert page.get_attribute("#download", "href", timeout=5000)
            broken = MINIMAL.read_text().replace("value = 90, sd = 5", "value = 190, sd = 5", 1)
            page.fill("#case-text", broken)
            page.click("#validate")
            page.wait_for_selector("#check-result a.line")
            page.click("#check-result a.line")
            assert page.get_attribute("#case-text", "data-line") == "64"
            assert page.inner_text("#gutter .error-line") == "64"
            page.screenshot(path=str(shots / "editor-error.png"))
        finally:
            browser.close()
    assert console_errors == []


def test_every_judgment_of_a_case_can_be_changed_alone() -> None:
    """Each judgment of the test case, set to another value on its scale: the re-read case
    differs from the original in that judgment only, and the text on one line only."""
    text = MINIMAL.read_text()
    case = parse_case(text.encode(), MINIMAL)
    judged = judgments_by_address(case)
    assert len(judged) == 29
    for address, item in judged.items():
        low, high, whole = SCALES[item.kind]
        bounds = item.judgment.range or (low, min(high, 100.0))
        value = bounds[0] if item.judgment.value != bounds[0] else bounds[1]
        value = int(value) if whole else value
        if item.kind == "probability":
            continue  # a chance node's probabilities must add up: one alone cannot change
        changed = prepare_edits(case, text, [Edit(address, value)], "minimal.toml")
        lines = [
            i
            for i, (a, b) in enumerate(zip(text.split("\n"), changed.split("\n"), strict=True))
            if a != b
        ]
        assert len(lines) == 1, address
        reread = judgments_by_address(parse_case(changed.encode(), MINIMAL))
        differ = [a for a in judged if reread[a].judgment.value != judged[a].judgment.value]
        assert differ == [address] and reread[address].judgment.value == value


def test_a_change_the_case_checks_refuse_comes_back_with_its_line(client: TestClient) -> None:
    view = _open_minimal(client)
    chance = [j for j in view["judgments"] if j["kind"] == "probability"]
    assert chance
    answer = client.post(
        f"/api/workbench/{view['id']}/edits",
        json={"edits": [{"address": chance[0]["address"], "value": 1.0}]},
    )
    assert answer.status_code == 422, answer.json()
    body = answer.json()
    assert body["error"] == "the edited case has problems"
    assert all(p["file"] == "minimal.toml" and p["line"] for p in body["problems"])
