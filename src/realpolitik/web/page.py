"""The service's one page: the cases, a checker for a case file, and the runs with their
reports. Plain HTML, CSS and a little JavaScript that talks to the JSON API; nothing is
fetched from elsewhere, so it works offline."""

from __future__ import annotations

from html import escape

_STYLE = """
:root { --ink: #1d2430; --muted: #5b6575; --line: #d9dee6; --accent: #1f5fa8;
        --bad: #a3262a; --good: #1e7a46; --paper: #fbfcfd; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: var(--ink); background: var(--paper); }
header { padding: 18px 32px; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 2px 0 0; color: var(--muted); }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 40px; }
section { margin-top: 26px; }
h2 { font-size: 17px; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
button { font: inherit; padding: 5px 14px; border: 1px solid var(--accent); border-radius: 4px;
         background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
label { margin-right: 14px; color: var(--muted); font-size: 14px; }
input[type=number] { width: 90px; font: inherit; padding: 3px 6px; }
textarea { width: 100%; height: 220px; font: 13px/1.4 ui-monospace, monospace; padding: 8px;
           border: 1px solid var(--line); border-radius: 4px; }
.row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.note { color: var(--muted); font-size: 13px; }
.problems { margin: 8px 0; padding-left: 20px; color: var(--bad); }
.problems li { margin: 4px 0; }
.problems .fix { color: var(--ink); }
.ok { color: var(--good); }
.bad { color: var(--bad); }
.bar { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden;
       width: 160px; }
.bar > div { height: 100%; background: var(--accent); }
.status { font-weight: 600; }
#run-list td:first-child { white-space: nowrap; }
"""

_SCRIPT = """
const $ = (id) => document.getElementById(id);
// The service's token, when it has one: the address it printed carries it as ?token=.
const TOKEN = new URLSearchParams(location.search).get("token");
function withToken(path) {
  return TOKEN ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN)
               : path;
}
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
function settings() {
  const out = {};
  for (const [key, id] of [["runs", "runs"], ["seed", "seed"],
                           ["game_draws", "game-draws"], ["scenario_draws", "scenario-draws"]]) {
    const value = $(id).value.trim();
    if (value !== "") out[key] = Number(value);
  }
  return out;
}
function showProblems(target, heading, problems) {
  target.replaceChildren(el("p", heading, "bad"));
  const list = el("ul", null, "problems");
  for (const p of problems) {
    const where = [p.file ? p.file + (p.line ? ":" + p.line : "") : null, p.field || null]
      .filter(Boolean).join(" \u00b7 ");
    const item = el("li", (where ? where + " \u2014 " : "") + p.message + ". ");
    item.appendChild(el("span", "Fix: " + p.fix, "fix"));
    list.appendChild(item);
  }
  target.appendChild(list);
}
function showError(target, body, status) {
  if (body && body.problems) { showProblems(target, body.error, body.problems); return; }
  const text = body && body.error ? body.error + (body.fix ? ". Fix: " + body.fix : "")
                                  : "the service answered " + status;
  target.replaceChildren(el("p", text, "bad"));
}
async function api(path, options) {
  options = options || {};
  if (TOKEN) options.headers = { ...(options.headers || {}), Authorization: "Bearer " + TOKEN };
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  return { status: response.status, ok: response.ok, body };
}
async function loadCases() {
  const { ok, body, status } = await api("/api/cases");
  const rows = $("cases").querySelector("tbody");
  rows.replaceChildren();
  if (!ok) { showError($("run-message"), body, status); return; }
  for (const c of body) {
    const tr = el("tr");
    tr.dataset.case = c.id;
    const name = el("td"); name.appendChild(el("strong", c.title));
    name.appendChild(el("div", c.id + " \u00b7 as of " + c.as_of, "note"));
    tr.appendChild(name);
    const n = c.counts;
    for (const value of [n.actors, n.issues, n.descriptors, n.games, n.evidence_items])
      tr.appendChild(el("td", String(value), "num"));
    tr.appendChild(el("td", Math.round(100 * c.judgments.evidenced_share) + "%", "num"));
    const act = el("td"); const button = el("button", "Run");
    button.addEventListener("click", () => submit({ case: c.id }));
    act.appendChild(button); tr.appendChild(act);
    rows.appendChild(tr);
  }
}
async function readFile() {
  const file = $("case-file").files[0];
  if (!file) return;
  $("case-text").value = await file.text();
  $("case-text").dataset.filename = file.name;
}
function ownCase() {
  const text = $("case-text").value;
  const filename = $("case-text").dataset.filename || "uploaded.toml";
  return { text, filename };
}
async function validate() {
  const { text, filename } = ownCase();
  const target = $("check-result");
  target.replaceChildren(el("p", "checking\u2026", "note"));
  const { ok, body, status } = await api("/api/validate", {
    method: "POST", headers: { "Content-Type": "text/plain", "X-Filename": filename },
    body: text });
  if (!ok) { showError(target, body, status); return; }
  if (!body.ok) {
    const count = body.problems.length;
    showProblems(target, count + " problem" + (count === 1 ? "" : "s") + " found", body.problems);
    return;
  }
  const s = body.summary; const n = s.counts;
  target.replaceChildren(el("p",
    "Valid: " + s.title + " \u2014 " + n.actors + " actors, " + n.issues + " issues, " +
    n.descriptors + " descriptors, " + n.games + " games; " +
    Math.round(100 * s.judgments.evidenced_share) + "% of " + s.judgments.total +
    " judgments evidenced.", "ok"));
}
async function submit(source) {
  const target = source.toml === undefined ? $("run-message") : $("check-result");
  target.replaceChildren();
  const { ok, body, status } = await api("/api/runs", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...source, ...settings() }) });
  if (!ok) { showError(target, body, status); return; }
  target.replaceChildren(el("p", "Run " + body.id + " queued: see Runs below.", "note"));
  refreshRuns();
}
function runOwn() {
  const { text, filename } = ownCase();
  submit({ toml: text, filename });
}
function progressCell(job) {
  const td = el("td");
  const stages = ["evidence", "bargaining", "scenarios", "leverage", "pathways", "games"];
  const done = stages.reduce((sum, s) => sum + (job.stages[s] || 0), 0) / stages.length;
  const share = job.status === "done" ? 1 : done;
  const bar = el("div", null, "bar"); const fill = el("div");
  fill.style.width = Math.round(100 * share) + "%"; bar.appendChild(fill); td.appendChild(bar);
  const current = stages.filter((s) => s in job.stages && job.stages[s] < 1);
  if (job.status === "running" && current.length) td.appendChild(el("div", current[0], "note"));
  return td;
}
let timer = null;
async function refreshRuns() {
  const { ok, body } = await api("/api/runs");
  if (!ok) return;
  const rows = $("run-list").querySelector("tbody");
  rows.replaceChildren();
  for (const job of body) {
    const tr = el("tr"); tr.dataset.run = job.id; tr.dataset.status = job.status;
    tr.appendChild(el("td", job.id));
    tr.appendChild(el("td", job.title));
    tr.appendChild(el("td", job.status.replace("_", " "), "status " +
                      (job.error ? "bad" : job.status === "done" ? "ok" : "")));
    tr.appendChild(progressCell(job));
    const what = el("td");
    if (job.status === "done") {
      const h = job.headline; const parts = [];
      const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
      if (h.issues.length) parts.push(plural(h.issues.length, "issue") + " forecast");
      if (h.scenario_space) parts.push(h.consistent_scenarios + " consistent scenarios of " +
                                       Number(h.scenario_space).toLocaleString("en"));
      if (h.games) parts.push(plural(h.games, "game") + " solved");
      if (h.triangulation_total) parts.push("triangulation " + h.triangulation_agree + "/" +
                                            h.triangulation_total + " agree");
      if (h.evidence) parts.push("evidence: " + h.evidence.verified + " verified");
      parts.push(job.seconds + " s");
      what.appendChild(el("div", parts.join("; ")));
      const links = el("div");
      const report = el("a", "report"); report.href = withToken(job.links.report);
      report.target = "_blank";
      const results = el("a", "results.json"); results.href = withToken(job.links.results);
      links.append(report, " \u00b7 ", results); what.appendChild(links);
    } else if (job.error) {
      what.appendChild(el("div", job.error.message + ". Fix: " + job.error.fix, "bad"));
    } else {
      what.appendChild(el("div", job.settings.runs + " Monte Carlo runs, seed " +
                          job.settings.seed, "note"));
      const cancel = el("button", "Cancel", "secondary cancel");
      cancel.addEventListener("click", async () => {
        cancel.disabled = true;
        await api(job.links.self, { method: "DELETE" });
        refreshRuns();
      });
      what.appendChild(cancel);
    }
    tr.appendChild(what);
    rows.appendChild(tr);
  }
  const busy = body.some((job) => job.status === "queued" || job.status === "running");
  $("no-runs").hidden = body.length > 0;
  clearTimeout(timer);
  if (busy) timer = setTimeout(refreshRuns, 1000);
}
$("case-file").addEventListener("change", readFile);
$("validate").addEventListener("click", validate);
$("run-own").addEventListener("click", runOwn);
loadCases();
refreshRuns();
"""


def page_html(version: str, evidence_checked: bool) -> str:
    """The page, for this package ``version``; ``evidence_checked`` says whether runs check
    citations against source texts."""
    evidence = (
        "Runs also check every citation against the source texts."
        if evidence_checked
        else "Runs do not check citations here: start the service with --sources DIR for that."
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>realpolitik</title>
<link rel="icon" href="data:,">
<style>{_STYLE}</style>
</head>
<body>
<header>
  <h1>realpolitik</h1>
  <p>Strategic analysis of geopolitical conflicts: bargaining forecasts, cross-impact scenarios
  and games, every input traced to its evidence. Version {escape(version)}.</p>
</header>
<main>
<section>
  <h2>Settings for a run</h2>
  <div class="row">
    <label>Monte Carlo runs <input id="runs" type="number" min="1" max="20000" value="1000"></label>
    <label>Seed <input id="seed" type="number" min="0" value="2021"></label>
    <label>Game draws <input id="game-draws" type="number" min="1" max="5000" value="200"></label>
    <label>Scenario draws
      <input id="scenario-draws" type="number" min="1" max="5000" value="200"></label>
  </div>
  <p class="note">{escape(evidence)} The same case, settings and seed give the same results.</p>
</section>
<section>
  <h2>Cases</h2>
  <table id="cases">
    <thead><tr><th>case</th><th class="num">actors</th><th class="num">issues</th>
      <th class="num">descriptors</th><th class="num">games</th>
      <th class="num">evidence items</th><th class="num">evidenced</th><th></th></tr></thead>
    <tbody></tbody>
  </table>
  <div id="run-message"></div>
</section>
<section>
  <h2>Check or run your own case</h2>
  <p class="note">Paste a case file (TOML, see docs/case-format.md) or choose one; every problem
  is listed with its line, field and fix.</p>
  <div class="row"><input id="case-file" type="file" accept=".toml,text/plain"></div>
  <textarea id="case-text" spellcheck="false"
    placeholder="[case]&#10;id = &quot;my-case&quot;&#10;..."></textarea>
  <div class="row">
    <button id="validate" class="secondary">Check</button>
    <button id="run-own">Run</button>
  </div>
  <div id="check-result"></div>
</section>
<section>
  <h2>Runs</h2>
  <table id="run-list">
    <thead><tr><th>run</th><th>case</th><th>status</th><th>progress</th><th>result</th></tr>
    </thead>
    <tbody></tbody>
  </table>
  <p id="no-runs" class="note">No runs yet: press Run beside a case.</p>
</section>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""
