"""The service's one page: the cases, an editor with line numbers that checks a case file
and jumps to each problem's line, the workbench (change judgments beside their evidence,
rerun the quick engines, compare), the open cases, and the runs with their reports. Plain
HTML, CSS and a little JavaScript that talks to the JSON API; nothing is fetched from
elsewhere, so it works offline."""

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
.editor { display: flex; border: 1px solid var(--line); border-radius: 4px; background: #fff;
          height: 300px; overflow: hidden; }
.editor .gutter { margin: 0; padding: 8px 6px 8px 4px; min-width: 52px; text-align: right;
                  color: var(--muted); background: #f1f3f6; border-right: 1px solid var(--line);
                  font: 13px/1.4 ui-monospace, monospace; overflow: hidden; user-select: none;
                  white-space: pre; }
.editor .gutter .error-line { color: #fff; background: var(--bad); border-radius: 2px; }
.editor textarea { flex: 1; height: 100%; border: 0; border-radius: 0; resize: none;
                   white-space: pre; overflow: auto; }
.problems a.line { cursor: pointer; color: var(--bad); font-weight: 600;
                   text-decoration: underline; }
.tabs { display: flex; gap: 6px; flex-wrap: wrap; }
.tabs button { padding: 3px 10px; font-size: 13px; }
.tabs button.active { background: var(--accent); color: #fff; }
#judgments { table-layout: fixed; }
#judgments th:nth-child(1) { width: 28%; }
#judgments th:nth-child(2) { width: 118px; }
#judgments th:nth-child(3) { width: 84px; }
#judgments td.num { white-space: nowrap; }
#judgments td { overflow-wrap: anywhere; }
#judgments input[type=number] { width: 96px; }
#judgments input.changed { border: 2px solid var(--accent); background: #eef4fc; }
#judgments input.invalid { border: 2px solid var(--bad); background: #fbeeee; }
#judgments .field-error { color: var(--bad); font-size: 12px; margin-top: 3px; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); }
.scroll thead th { position: sticky; top: 0; background: #fff; z-index: 1; }
.quote { margin: 0 0 6px; font-size: 13px; }
.quote q { font-style: italic; }
.quote .src { color: var(--muted); }
.assumption { font-size: 13px; color: #6b4e00; }
.tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px;
       border: 1px solid var(--line); color: var(--muted); margin-left: 4px; }
.tag.verified { color: var(--good); border-color: var(--good); }
.tag.failed { color: var(--bad); border-color: var(--bad); }
.up { color: var(--good); font-weight: 600; }
.down { color: var(--bad); font-weight: 600; }
.same { color: var(--muted); }
.scenario { font-size: 13px; margin: 3px 0; }
.scenario.new { color: var(--good); }
.scenario.gone { color: var(--bad); text-decoration: line-through; }
#workbench[hidden] { display: none; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; }
td.actions { white-space: nowrap; }
#forecasts { font-size: 14px; }
#forecasts td.num > span > * { white-space: nowrap; }
#forecasts .was { display: block; font-size: 12px; color: var(--muted); }
.wide { overflow-x: auto; }
#scenarios { font-size: 12px; }
#scenarios td { padding: 3px 6px; white-space: nowrap; }
#scenarios th { padding: 3px 6px; overflow-wrap: anywhere; }
#forecasts th:first-child { width: 30%; }
#scenarios tr.new td { background: #eaf6ee; }
#scenarios tr.gone td { background: #fbeeee; text-decoration: line-through; }
#scenarios td.changed { font-weight: 700; }
@media (max-width: 900px) { .grid2 { grid-template-columns: minmax(0, 1fr); } }
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
// Problems, each with a link to its line in the editor. `text`, when given, is the case text
// the lines refer to (an open case's), loaded into the editor before jumping.
function showProblems(target, heading, problems, text) {
  target.replaceChildren(el("p", heading, "bad"));
  const list = el("ul", null, "problems");
  const lines = [];
  for (const p of problems) {
    const item = el("li");
    if (p.file && p.line) {
      const link = el("a", p.file + ":" + p.line, "line");
      link.title = "show line " + p.line + " in the editor";
      link.addEventListener("click", () => {
        if (text !== undefined) loadEditor(text, p.file);
        markLines(lines); jumpToLine(p.line);
      });
      item.append(link, " \u00b7 ");
      lines.push(p.line);
    } else if (p.file) item.append(p.file + " \u00b7 ");
    item.append((p.field ? p.field + " \u2014 " : "") + p.message + ". ");
    item.appendChild(el("span", "Fix: " + p.fix, "fix"));
    list.appendChild(item);
  }
  target.appendChild(list);
  if (text === undefined) markLines(lines);
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
    const open = el("button", "Open", "secondary open-case");
    open.title = "edit its judgments and see the forecasts change";
    open.addEventListener("click", () => openCase({ case: c.id }, $("run-message")));
    act.className = "actions"; act.append(open, " ", button); tr.appendChild(act);
    rows.appendChild(tr);
  }
}
async function readFile() {
  const file = $("case-file").files[0];
  if (!file) return;
  loadEditor(await file.text(), file.name);
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
  markLines([]);
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
// ---- the editor: a text area with a gutter of line numbers
let errorLines = new Set();
function lineHeight() { return parseFloat(getComputedStyle($("case-text")).lineHeight) || 18; }
function renderGutter() {
  const count = $("case-text").value.split("\\n").length;
  const gutter = $("gutter");
  gutter.replaceChildren();
  let chunk = [];
  const flush = () => { if (chunk.length) gutter.append(chunk.join("\\n") + "\\n"); chunk = []; };
  for (let i = 1; i <= count; i++) {
    if (errorLines.has(i)) { flush(); gutter.append(el("span", String(i), "error-line"), "\\n"); }
    else chunk.push(String(i));
  }
  flush();
  gutter.scrollTop = $("case-text").scrollTop;
}
function markLines(lines) { errorLines = new Set(lines); renderGutter(); }
function loadEditor(text, filename) {
  $("case-text").value = text;
  $("case-text").dataset.filename = filename || "uploaded.toml";
  $("case-text").scrollTop = 0;
  renderGutter();
}
function jumpToLine(line) {
  const area = $("case-text");
  const lines = area.value.split("\\n");
  const n = Math.max(1, Math.min(line, lines.length));
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(start, start + lines[n - 1].length);
  area.scrollTop = Math.max(0, (n - 1) * lineHeight() - area.clientHeight / 3);
  $("gutter").scrollTop = area.scrollTop;
  area.dataset.line = String(n);
  $("editor-section").scrollIntoView({ block: "start" });
}

// ---- the workbench: open a case, edit judgments, rerun the quick engines
let bench = null;          // the open case as the service last described it
let pending = {};          // address -> new value typed but not yet sent
let fieldErrors = {};      // address -> message from the service
let kind = "salience";
const KINDS = ["capability", "position", "salience", "reference", "cross-impact", "payoff",
               "probability"];
async function openCase(request, target) {
  target.replaceChildren(el("p", "opening\\u2026 (the quick engines take some seconds)", "note"));
  const { ok, body, status } = await api("/api/workbench", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request) });
  if (!ok) { showError(target, body, status); return; }
  target.replaceChildren(el("p", "Opened " + body.name + ": see the workbench below.", "ok"));
  pending = {}; fieldErrors = {};
  showBench(body);
  refreshMine();
  $("workbench").scrollIntoView({ block: "start" });
}
async function openOwn() {
  const { text, filename } = ownCase();
  const sources = [];
  for (const file of $("source-files").files)
    sources.push({ name: file.name, text: await file.text() });
  const target = $("check-result");
  const request = { toml: text, filename, sources };
  target.replaceChildren(el("p", "opening\\u2026", "note"));
  const { ok, body, status } = await api("/api/workbench", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request) });
  if (!ok) { showError(target, body, status); return; }
  markLines([]);
  target.replaceChildren(el("p", "Opened " + body.name + ": see the workbench below.", "ok"));
  pending = {}; fieldErrors = {};
  showBench(body); refreshMine();
  $("workbench").scrollIntoView({ block: "start" });
}
function showBench(view) {
  bench = view;
  $("workbench").hidden = false;
  $("bench-title").textContent = view.title;
  const sources = view.source_files.length ? "; source texts: " + view.source_files.join(", ") : "";
  $("bench-note").textContent = view.name + " (" + view.origin + "), " + view.judgments.length +
    " judgments, " + view.edit_log.length + " changed from the case as opened" + sources + ".";
  $("download").href = withToken("/api/workbench/" + view.id + "/case.toml");
  renderTabs(); renderJudgments(); renderResults(); updateRerun();
}
function renderTabs() {
  const tabs = $("kinds"); tabs.replaceChildren();
  for (const k of KINDS) {
    const n = bench.judgments.filter((j) => j.kind === k).length;
    if (!n) continue;
    const b = el("button", k + " (" + n + ")", "secondary" + (k === kind ? " active" : ""));
    b.dataset.kind = k;
    b.addEventListener("click", () => { kind = k; renderTabs(); renderJudgments(); });
    tabs.appendChild(b);
  }
  if (!bench.judgments.some((j) => j.kind === kind) && bench.judgments.length) {
    kind = bench.judgments[0].kind; renderTabs();
  }
}
function fmt(x) {
  return x === null || x === undefined ? "\\u2013" : String(Math.round(x * 100) / 100);
}
function evidenceCell(j) {
  const td = el("td");
  if (j.assumption) td.appendChild(el("div", "Assumption: " + j.assumption, "assumption"));
  for (const q of j.evidence) {
    const p = el("p", null, "quote");
    p.appendChild(el("q", q.quote));
    p.append(" ");
    p.appendChild(el("span", "\\u2014 " + q.source + ", \\u00b6" + q.paragraph, "src"));
    if (q.check)
      p.appendChild(el("span", q.check, "tag " + (q.check === "verified" ? "verified" : "failed")));
    p.title = q.claim;
    td.appendChild(p);
  }
  return td;
}
function renderJudgments() {
  const rows = $("judgments").querySelector("tbody"); rows.replaceChildren();
  const needle = $("judgment-filter").value.trim().toLowerCase();
  for (const j of bench.judgments) {
    if (j.kind !== kind) continue;
    if (needle && !(j.label + " " + j.address).toLowerCase().includes(needle)) continue;
    const tr = el("tr"); tr.dataset.address = j.address;
    const what = el("td"); what.appendChild(el("div", j.label));
    if (j.line) {
      const link = el("a", "line " + j.line, "line note");
      link.href = "#"; link.title = "show it in the case text";
      link.addEventListener("click", (e) => {
        e.preventDefault(); loadEditor(bench.text, bench.name);
                                            markLines([j.line]); jumpToLine(j.line); });
      what.appendChild(link);
    }
    tr.appendChild(what);
    const cell = el("td"); const input = el("input");
    input.type = "number"; input.min = j.low; input.max = j.high; input.step = j.whole ? 1 : "any";
    input.value = j.address in pending ? pending[j.address] : j.value;
    input.setAttribute("aria-label", j.label);
    input.addEventListener("input", () => edited(j, input, cell));
    cell.appendChild(input);
    if (j.range)
      cell.appendChild(el("div", "range " + j.range[0] + "\\u2013" + j.range[1], "note"));
    tr.appendChild(cell);
    const moved = j.original !== null && j.original !== j.value;
    const was = el("td", moved ? "was " + fmt(j.original) : "",
                   "num note");
    tr.appendChild(was);
    tr.appendChild(evidenceCell(j));
    rows.appendChild(tr);
    showFieldState(j, input, cell);
  }
}
function localFault(j, raw) {
  if (raw.trim() === "") return "give a number";
  const v = Number(raw);
  if (!Number.isFinite(v)) return "give a number";
  if (j.whole && !Number.isInteger(v)) return "give a whole number from " + j.low + " to " + j.high;
  if (v < j.low || v > j.high) return "give a value from " + j.low + " to " + j.high;
  if (j.range && (v < j.range[0] || v > j.range[1]))
    return "within its stated range " + j.range[0] + " to " + j.range[1];
  return null;
}
function edited(j, input, cell) {
  delete fieldErrors[j.address];
  if (input.value.trim() !== "" && Number(input.value) === j.value) delete pending[j.address];
  else pending[j.address] = input.value;
  showFieldState(j, input, cell); updateRerun();
}
function showFieldState(j, input, cell) {
  const old = cell.querySelector(".field-error"); if (old) old.remove();
  const changed = j.address in pending;
  const fault = fieldErrors[j.address] ||
    (changed ? localFault(j, String(pending[j.address])) : null);
  input.classList.toggle("changed", changed && !fault);
  input.classList.toggle("invalid", Boolean(fault));
  if (fault) cell.appendChild(el("div", fault, "field-error"));
}
function updateRerun() {
  const n = Object.keys(pending).length;
  const bad = bench ? bench.judgments.some((j) => j.address in pending &&
                                            localFault(j, String(pending[j.address]))) : false;
  $("rerun").disabled = n === 0 || bad;
  $("rerun").textContent = n ? "Rerun with " + n + " change" + (n === 1 ? "" : "s") : "Rerun";
}
async function rerun() {
  const addresses = Object.keys(pending);
  const edits = addresses.map((a) => ({ address: a, value: Number(pending[a]) }));
  const target = $("bench-message");
  $("rerun").disabled = true;
  target.replaceChildren(el("p", "checking the case and rerunning\\u2026", "note"));
  const { ok, body, status } = await api("/api/workbench/" + bench.id + "/edits", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ edits }) });
  if (!ok) {
    fieldErrors = {};
    for (const p of (body && body.problems) || []) {
      const n = (p.field || "").startsWith("edits[") ? parseInt(p.field.slice(6), 10) : 0;
      if (addresses[n - 1]) fieldErrors[addresses[n - 1]] = p.message + ". " + p.fix;
    }
    if (body && body.problems) showProblems(target, body.error, body.problems, bench.text);
    else showError(target, body, status);
    renderJudgments(); updateRerun();
    return;
  }
  pending = {}; fieldErrors = {};
  target.replaceChildren(el("p", edits.length + " change" + (edits.length === 1 ? "" : "s") +
                            " checked and applied; the quick engines ran again.", "ok"));
  showBench(body); refreshMine();
}
async function resetBench() {
  const { ok, body, status } = await api("/api/workbench/" + bench.id + "/reset",
                                         { method: "POST" });
  if (!ok) { showError($("bench-message"), body, status); return; }
  pending = {}; fieldErrors = {};
  $("bench-message").replaceChildren(el("p", "Back to the case as opened.", "note"));
  showBench(body); refreshMine();
}
function delta(before, after) {
  const span = el("span");
  if (after === undefined || before === null || after === null ||
      Math.abs(after - before) < 0.005) {
    span.append(fmt(after === undefined ? before : after));
    if (after !== undefined) span.className = "same";
    return span;
  }
  const d = after - before;
  span.appendChild(el("strong", fmt(after)));
  span.append(" ");
  span.appendChild(el("span", (d > 0 ? "+" : "\u2212") + fmt(Math.abs(d)), d > 0 ? "up" : "down"));
  span.appendChild(el("span", "was " + fmt(before), "was"));
  return span;
}
function renderResults() {
  const target = $("bench-results"); target.replaceChildren();
  $("bench-scenarios").replaceChildren();
  if (bench.quick_error) target.appendChild(el("p", bench.quick_error.message + ". Fix: " +
                                               bench.quick_error.fix, "bad"));
  const before = bench.before; const after = bench.after;
  if (!before) return;
  const models = Object.keys(before.issues.length ? before.issues[0].forecasts : {});
  const table = el("table"); table.id = "forecasts";
  const head = el("tr"); head.appendChild(el("th", "issue"));
  for (const m of models) head.appendChild(el("th", m, "num"));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody"); table.appendChild(body);
  before.issues.forEach((issue, i) => {
    const tr = el("tr"); tr.dataset.issue = issue.id;
    const name = el("td", issue.title);
    name.title = "0: " + issue.low + "\\n100: " + issue.high;
    tr.appendChild(name);
    const later = after && after.issues[i] ? after.issues[i].forecasts : null;
    for (const m of models) {
      const td = el("td", null, "num"); td.dataset.model = m;
      td.appendChild(delta(issue.forecasts[m], later ? later[m] : undefined));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  });
  target.appendChild(el("h3", after ? "Forecasts: as opened \\u2192 after the changes"
                                    : "Forecasts (0\\u2013100)"));
  const wide = el("div", null, "wide"); wide.appendChild(table); target.appendChild(wide);
  const s0 = before.scenarios; const s1 = after ? after.scenarios : null;
  if (!s0.descriptors) return;
  target.appendChild(el("h3", "Consistent scenarios"));
  const count = (s) => s.count === null ? "not found"
    : s.count + " of " + Number(s.space).toLocaleString("en");
  const line = el("p"); line.id = "scenario-count";
  line.append(s1 ? count(s0) + " \\u2192 " + count(s1) : count(s0));
  target.appendChild(line);
  for (const s of [s0, s1])
    if (s && s.error) target.appendChild(el("p", s.error.message + ". Fix: " + s.error.fix, "bad"));
  const keys0 = new Set(s0.shown.map((x) => x.key));
  const keys1 = s1 ? new Set(s1.shown.map((x) => x.key)) : keys0;
  const all = [...s0.shown, ...(s1 ? s1.shown.filter((x) => !keys0.has(x.key)) : [])];
  const where = $("bench-scenarios"); where.replaceChildren();
  if (!all.length) return;
  const names = Object.keys(all[0].variants);
  const grid = el("table"); grid.id = "scenarios";
  const top = el("tr"); top.appendChild(el("th", ""));
  for (const d of names) top.appendChild(el("th", d));
  grid.appendChild(el("thead")).appendChild(top);
  const rows = el("tbody"); grid.appendChild(rows);
  const common = {};
  for (const d of names) {
    const values = new Set(all.map((x) => x.variants[d]));
    if (values.size === 1) common[d] = true;
  }
  for (const sc of all) {
    const state = !keys0.has(sc.key) ? "new" : !keys1.has(sc.key) ? "gone" : "kept";
    const tr = el("tr", null, state); tr.dataset.key = sc.key;
    tr.appendChild(el("td", state === "kept" ? "" : state));
    for (const d of names) tr.appendChild(el("td", sc.variants[d], common[d] ? "note" : ""));
    rows.appendChild(tr);
  }
  where.appendChild(el("h3", "The consistent scenarios" + (s1 ? " (new and gone marked)" : "")));
  const box = el("div", null, "scroll"); box.appendChild(grid); where.appendChild(box);
  if (s0.count > s0.shown.length || (s1 && s1.count > s1.shown.length))
    where.appendChild(el("p", "The first " + s0.shown.length + " of each set are shown.", "note"));
}
async function refreshMine() {
  const { ok, body } = await api("/api/workbench");
  if (!ok) return;
  const rows = $("mine").querySelector("tbody"); rows.replaceChildren();
  for (const c of body) {
    const tr = el("tr"); tr.dataset.open = c.id;
    const name = el("td"); name.appendChild(el("strong", c.name));
    name.appendChild(el("div", c.title, "note")); tr.appendChild(name);
    tr.appendChild(el("td", c.origin));
    tr.appendChild(el("td", String(c.edits), "num"));
    tr.appendChild(el("td", c.source_files.length ? c.source_files.join(", ") : "\\u2013"));
    const act = el("td", null, "actions");
    const show = el("button", "Show", "secondary");
    show.addEventListener("click", async () => {
      const answer = await api("/api/workbench/" + c.id);
      if (answer.ok) { pending = {}; fieldErrors = {}; showBench(answer.body);
                       $("workbench").scrollIntoView({ block: "start" }); }
    });
    const close = el("button", "Close", "secondary");
    close.addEventListener("click", async () => {
      await api("/api/workbench/" + c.id, { method: "DELETE" });
      if (bench && bench.id === c.id) { bench = null; $("workbench").hidden = true; }
      refreshMine();
    });
    act.append(show, " ", close); tr.appendChild(act);
    rows.appendChild(tr);
  }
  $("no-mine").hidden = body.length > 0;
}
$("case-text").addEventListener("scroll", () => {
  $("gutter").scrollTop = $("case-text").scrollTop;
});
$("case-text").addEventListener("input", renderGutter);
$("open-own").addEventListener("click", openOwn);
$("rerun").addEventListener("click", rerun);
$("reset").addEventListener("click", resetBench);
$("judgment-filter").addEventListener("input", renderJudgments);
$("show-text").addEventListener("click", () => { loadEditor(bench.text, bench.name); markLines([]);
                                                  $("editor-section").scrollIntoView(); });
renderGutter();
refreshMine();
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
<section id="editor-section">
  <h2>Check, open or run your own case</h2>
  <p class="note">Paste a case file (TOML, see docs/case-format.md) or choose one; every problem
  is listed with its line, field and fix: click a line to go to it. To see the evidence checked,
  choose the source texts its quotes come from too (plain text files named as in its sources).</p>
  <div class="row">
    <label>Case file <input id="case-file" type="file" accept=".toml,text/plain"></label>
    <label>Source texts <input id="source-files" type="file" multiple
      accept=".txt,.md,text/plain"></label>
  </div>
  <div class="editor">
    <pre id="gutter" class="gutter" aria-hidden="true"></pre>
    <textarea id="case-text" spellcheck="false" wrap="off" aria-label="case file text"
      placeholder="[case]&#10;id = &quot;my-case&quot;&#10;..."></textarea>
  </div>
  <div class="row">
    <button id="validate" class="secondary">Check</button>
    <button id="open-own" class="secondary">Open to edit</button>
    <button id="run-own">Run</button>
  </div>
  <div id="check-result"></div>
</section>
<section>
  <h2>Your cases</h2>
  <table id="mine">
    <thead><tr><th>case</th><th>from</th><th class="num">changes</th><th>source texts</th>
      <th></th></tr></thead>
    <tbody></tbody>
  </table>
  <p id="no-mine" class="note">None open yet: press Open beside a case, or open your own.</p>
</section>
<section id="workbench" hidden>
  <h2>Workbench: <span id="bench-title"></span></h2>
  <p id="bench-note" class="note"></p>
  <div class="row">
    <button id="rerun" disabled>Rerun</button>
    <button id="reset" class="secondary">Undo all changes</button>
    <button id="show-text" class="secondary">Show the text in the editor</button>
    <a id="download" download>Download the case (TOML)</a>
  </div>
  <div id="bench-message"></div>
  <div class="grid2">
    <div>
      <h3>Judgments</h3>
      <div class="row"><div id="kinds" class="tabs"></div>
        <input id="judgment-filter" type="search" placeholder="filter by actor, issue…"
          aria-label="filter judgments"></div>
      <div class="scroll">
        <table id="judgments">
          <thead><tr><th>judgment</th><th>value</th><th class="num">before</th>
            <th>evidence or assumption</th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </div>
    <div id="bench-results"></div>
  </div>
  <div id="bench-scenarios"></div>
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
