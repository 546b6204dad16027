// The workflows page: lists /v1/workflows, starts a run (admins), shows one run's steps and follows it while it runs.
"use strict";

(() => {
  const body = document.getElementById("workflows-body");
  const error = document.getElementById("workflows-error");
  const runPanel = document.getElementById("run-panel");
  const runSummary = document.getElementById("run-summary");
  const stepsBody = document.getElementById("steps-body");
  let followed = null; // { name, id }
  let timer = null;

  const text = (value) => (value === null || value === undefined || value === "" ? "–" : String(value));
  const when = (value) => (value ? new Date(value).toLocaleString() : "–");
  const duration = (ms) => (ms === null || ms === undefined ? "–" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

  function cell(row, content) {
    const td = document.createElement("td");
    if (content instanceof Node) td.append(content); else td.textContent = text(content);
    row.append(td);
    return td;
  }

  function badge(status) {
    const span = document.createElement("span");
    span.className = `badge badge-${status}`;
    span.textContent = status;
    return span;
  }

  function showProblem(problem) {
    error.textContent = problem ? `${problem.title || "Error"}: ${problem.detail || ""}` : "";
    error.hidden = !problem;
  }

  async function json(response) {
    try { return await response.json(); } catch { return null; }
  }

  // The table never stays at "Loading…": when the list cannot be had, it says so and the problem shows above it.
  function showUnavailable(problem) {
    showProblem(problem);
    const row = document.createElement("tr");
    const td = cell(row, "The workflows could not be listed.");
    td.colSpan = 5;
    td.className = "muted";
    body.replaceChildren(row);
  }

  async function load() {
    let response;
    try {
      response = await fetch("/v1/workflows", { headers: { Accept: "application/json" } });
    } catch {
      showUnavailable({ title: "Network error", detail: "the Gateway did not answer; reload to try again." });
      return;
    }
    if (!response.ok) {
      showUnavailable(await json(response) || { title: `HTTP ${response.status}` });
      return;
    }

    showProblem(null);
    const workflows = await response.json();
    body.replaceChildren();
    for (const wf of workflows) {
      const row = document.createElement("tr");
      const name = document.createElement("div");
      const strong = document.createElement("strong");
      strong.textContent = wf.name;
      const description = document.createElement("div");
      description.className = "muted";
      description.textContent = wf.description;
      name.append(strong, description);
      cell(row, name);
      cell(row, wf.cron || "manual only");
      cell(row, when(wf.nextRunAt));
      const last = document.createElement("div");
      if (wf.lastRun) {
        const link = document.createElement("a");
        link.href = `#${wf.name}/${wf.lastRun.id}`;
        link.textContent = when(wf.lastRun.createdAt);
        link.addEventListener("click", (e) => { e.preventDefault(); follow(wf.name, wf.lastRun.id); });
        last.append(badge(wf.lastRun.status), " ", link);
        if (wf.lastRun.error) {
          const reason = document.createElement("div");
          reason.className = "muted step-error";
          reason.textContent = wf.lastRun.error;
          last.append(reason);
        }
      } else {
        last.textContent = "never run";
      }
      cell(row, last);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = wf.activeRunId ? "Running…" : "Run now";
      button.disabled = Boolean(wf.activeRunId);
      button.setAttribute("aria-label", `Run now: ${wf.name}`);
      button.addEventListener("click", () => start(wf.name, button));
      cell(row, button);
      body.append(row);
    }
  }

  async function start(name, button) {
    button.disabled = true;
    const response = await fetch(`/v1/workflows/${encodeURIComponent(name)}/runs`, { method: "POST" });
    const payload = await json(response);
    if (response.status === 202 && payload) {
      showProblem(null);
      follow(name, payload.id);
    } else if (response.status === 409 && payload && payload.activeRunId) {
      showProblem(payload);
      follow(name, payload.activeRunId);
    } else {
      showProblem(payload || { title: `HTTP ${response.status}` });
      button.disabled = false;
    }
    await load();
  }

  function follow(name, id) {
    followed = { name, id };
    location.hash = `${name}/${id}`;
    refreshRun();
  }

  async function refreshRun() {
    clearTimeout(timer);
    if (!followed) return;
    const response = await fetch(`/v1/workflows/${encodeURIComponent(followed.name)}/runs/${encodeURIComponent(followed.id)}`);
    const run = await json(response);
    if (!response.ok || !run) {
      showProblem(run || { title: `HTTP ${response.status}` });
      return;
    }

    runPanel.hidden = false;
    runSummary.textContent = `${run.dag} run ${run.id}: ${run.status} — ${run.trigger} by ${run.triggeredBy}, created ${when(run.createdAt)}, ` +
      `duration ${duration(run.durationMs)}${run.executions > 1 ? `, resumed ${run.executions - 1}×` : ""}${run.error ? ` — ${run.error}` : ""}`;
    stepsBody.replaceChildren();
    for (const step of run.steps) {
      const row = document.createElement("tr");
      cell(row, step.name);
      cell(row, step.dependsOn.join(", ") || "–");
      cell(row, badge(step.status));
      cell(row, step.attempts);
      cell(row, duration(step.durationMs));
      const result = cell(row, step.error || step.summary);
      result.className = step.error ? "step-error" : "";
      if (step.link && !step.error) {
        // A Gateway-relative link to what the step produced (e.g. the stored weekly review); nothing else is followed.
        const link = document.createElement("a");
        link.href = step.link.startsWith("/") && !step.link.startsWith("//") ? step.link : "#";
        link.textContent = "Open";
        link.setAttribute("aria-label", `Open what ${step.name} produced`);
        result.append(" ", link);
      }
      stepsBody.append(row);
    }

    if (run.status === "queued" || run.status === "running") {
      timer = setTimeout(refreshRun, 2000);
    } else {
      load();
    }
  }

  const [hashName, hashId] = location.hash.replace(/^#/, "").split("/");
  load().then(() => { if (hashName && hashId) follow(hashName, hashId); });
})();
