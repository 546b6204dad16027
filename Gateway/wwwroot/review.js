// The review page: GET /v1/reports/review drawn with uPlot (vendored in lib/uplot, see Gateway/ClientLibraries; nothing
// remote). Every value is put into the page with textContent, never parsed as markup; uPlot draws on canvas.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const HEIGHT = 200;
  const DAY = 86400;
  const { el, problemMessage: problemText } = window.SwitchboardUi;

  const fmt = {
    int: (v) => (v ?? 0).toLocaleString("en-US"),
    usd: (v) => `$${Number(v ?? 0).toFixed(Number(v ?? 0) < 1 ? 4 : 2)}`,
    ms: (v) => (v == null ? "–" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`),
    pct: (v) => (v == null ? "–" : `${(v * 100).toFixed(1)} %`),
    score: (v) => (v == null ? "–" : `${Number(v).toFixed(2)} / 5`),
    time: (iso) => iso.replace("T", " ").slice(0, 16),
  };

  // The page's colours (app.css custom properties) for the canvas, which cannot read CSS variables itself.
  function colour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#0b5cad";
  }

  const charts = [];

  // One uPlot chart in `container`: x is UTC days (unix seconds) or stage indexes (`categories`), each series a line or,
  // with bars: true, bars. `limit` adds a dashed horizontal line (a budget or a threshold). null values leave a gap.
  function chart(container, label, x, series, { limit = null, limitName = "limit", max = null, format = String, categories = null } = {}) {
    const accent = colour("--accent"), danger = colour("--danger"), muted = colour("--muted"), border = colour("--border");
    const strokes = [accent, danger];
    const data = [x, ...series.map((s) => s.values)];
    const uSeries = [{ label: categories ? "stage" : "day", value: (u, v) => (v == null ? "–" : categories ? categories[v] ?? "" : fmtDay(v)) }];
    series.forEach((s, i) => {
      uSeries.push({
        label: s.name,
        stroke: strokes[i % strokes.length],
        fill: s.bars ? strokes[i % strokes.length] + "cc" : undefined,
        width: s.bars ? 1 : 2,
        paths: s.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
        points: { show: !s.bars, size: 5 },
        value: (u, v) => (v == null ? "–" : format(v)),
      });
    });
    if (limit != null) {
      data.push(x.map(() => limit));
      uSeries.push({ label: limitName, stroke: danger, dash: [6, 4], width: 1.5, points: { show: false }, value: () => format(limit) });
    }

    const values = series.flatMap((s) => s.values).filter((v) => v != null);
    const top = Math.max(max ?? 0, limit ?? 0, ...values, 0) || 1;
    const axis = { stroke: muted, grid: { stroke: border, width: 1 }, ticks: { stroke: border, width: 1 } };
    const options = {
      width: Math.max(280, container.clientWidth),
      height: HEIGHT,
      series: uSeries,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: categories
          ? { time: false, range: () => [-0.5, categories.length - 0.5] }
          : { time: true, range: (u, min, max) => [min - DAY / 2, max + DAY / 2] },
        y: { range: () => [0, top * 1.05] },
      },
      axes: [
        categories
          ? { ...axis, splits: () => categories.map((_, i) => i), values: (u, splits) => splits.map((i) => categories[i] ?? "") }
          : { ...axis, splits: () => x.filter((_, i) => i % Math.max(1, Math.ceil(x.length / 8)) === 0), values: (u, splits) => splits.map((v) => fmtDay(v).slice(5)) },
        { ...axis, size: 72, values: (u, splits) => splits.map((v) => format(v)) },
      ],
    };

    container.replaceChildren();
    container.setAttribute("role", "img");
    container.setAttribute("aria-label", label);
    charts.push({ container, plot: new uPlot(options, data, container) });
  }

  function fmtDay(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }

  function dayTimestamps(days) {
    return days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  }

  function table(container, caption, headers, rows, empty = "Nothing in this range.") {
    if (rows.length === 0) {
      container.replaceChildren(el("p", { className: "muted", text: empty }));
      return;
    }
    const head = el("tr", {}, headers.map((h) => el("th", { text: h, attrs: { scope: "col" } })));
    const body = rows.map((row) => el("tr", {}, row.map((cell, i) => el(i === 0 ? "th" : "td", { text: cell, attrs: i === 0 ? { scope: "row" } : {} }))));
    container.replaceChildren(el("table", { className: "review-table" }, [el("caption", { className: "visually-hidden", text: caption }), el("thead", {}, [head]), el("tbody", {}, body)]));
  }

  function kpis(report) {
    const t = report.totals;
    const items = [
      ["Questions", fmt.int(t.questions)],
      ["Not found", fmt.pct(t.notFoundRate)],
      ["Failed", fmt.int(t.failed)],
      ["Tokens", fmt.int(t.inputTokens + t.outputTokens)],
      ["Cost", fmt.usd(t.costUsd)],
      ["Latency p50", fmt.ms(t.latencyMs.p50)],
      ["Latency p95", fmt.ms(t.latencyMs.p95)],
      ["Satisfaction", fmt.score(t.feedback.score)],
      ["Votes", `${fmt.int(t.feedback.up)} up · ${fmt.int(t.feedback.down)} down`],
      ["Busiest day's budget use", fmt.pct(report.budget.maxDayShare)],
      ["Days over budget", fmt.int(report.budget.daysOverBudget)],
      ["Unusual hours", fmt.int(report.anomalies.length)],
      ["Unusual minutes", fmt.int((report.minuteAnomalies ?? []).length)],
    ];
    $("#kpis").replaceChildren(...items.map(([k, v]) => el("div", {}, [el("dt", { text: k }), el("dd", { text: v })])));
  }

  function render(report) {
    for (const { plot } of charts.splice(0)) plot.destroy();
    $("#review").hidden = false; // visible first: the charts size themselves to their containers
    const x = dayTimestamps(report.days.map((d) => d.date));
    const f = (pick) => report.days.map((d) => pick(d.figures));
    kpis(report);
    chart($("#chart-questions"), "Questions per day", x, [{ name: "questions", values: f((v) => v.questions), bars: true }], { format: (v) => fmt.int(Math.round(v * 10) / 10) });
    chart($("#chart-cost"), "Cost per day in US dollars, with the daily budget", x, [{ name: "cost", values: f((v) => Number(v.costUsd)), bars: true }],
      { limit: report.budget.dailyUsd, limitName: "daily budget", format: fmt.usd });
    chart($("#chart-latency"), "Latency per day, p50 and p95", x,
      [{ name: "p50", values: f((v) => v.latencyMs.p50) }, { name: "p95", values: f((v) => v.latencyMs.p95) }], { format: fmt.ms });
    chart($("#chart-notfound"), "Share of questions not found per day", x, [{ name: "not found", values: f((v) => v.notFoundRate) }], { max: 1, format: fmt.pct });
    chart($("#chart-satisfaction"), "User satisfaction per day, 0 to 5 (alert below 3)", x, [{ name: "satisfaction", values: f((v) => v.feedback.score) }],
      { max: 5, limit: 3, limitName: "alert below", format: (v) => Number(v).toFixed(1) });

    const stages = report.stages ?? [];
    if (stages.length > 0) {
      chart($("#chart-stages"), "Time per stage, p50 and p95, slowest first", stages.map((_, i) => i),
        [{ name: "p95", values: stages.map((s) => s.p95Ms), bars: true }, { name: "p50", values: stages.map((s) => s.p50Ms) }],
        { format: fmt.ms, categories: stages.map((s) => s.stage) });
    } else {
      $("#chart-stages").replaceChildren(el("p", { className: "muted", text: "No stage times in this range." }));
    }
    table($("#table-stages"), "Time per stage", ["Stage", "Questions", "p50", "p95"],
      stages.map((s) => [s.stage, fmt.int(s.count), fmt.ms(s.p50Ms), fmt.ms(s.p95Ms)]), "No stage times in this range.");

    const top = report.topNotFound ?? { questions: [], distinct: 0, withoutText: 0 };
    table($("#table-notfound"), "Questions most often not found", ["Question", "Times", "Last asked (UTC)", "Intent"],
      top.questions.map((q) => [q.question, fmt.int(q.count), fmt.time(q.lastAskedAt), q.intent ?? "none"]), "No question went unanswered in this range.");
    const notes = [top.distinct === 1 ? "1 question not found" : `${fmt.int(top.distinct)} different questions not found`];
    if (top.withoutText > 0) notes.push(`${fmt.int(top.withoutText)} recorded before their text was kept`);
    $("#notfound-note").textContent = notes.join(" · ") + ".";

    table($("#table-intent"), "Figures by intent", ["Intent", "Questions", "Not found", "p50", "p95", "Cost", "Satisfaction"],
      Object.entries(report.byIntent).filter(([, v]) => v.questions > 0 || v.feedback.votes > 0).map(([intent, v]) =>
        [intent, fmt.int(v.questions), fmt.pct(v.notFoundRate), fmt.ms(v.latencyMs.p50), fmt.ms(v.latencyMs.p95), fmt.usd(v.costUsd), fmt.score(v.feedback.score)]));
    table($("#table-model"), "Tokens and cost by model", ["Model", "Input tokens", "Output tokens", "Cost"],
      Object.entries(report.byModel).map(([model, v]) => [model, fmt.int(v.inputTokens), fmt.int(v.outputTokens), fmt.usd(v.costUsd)]));
    table($("#table-days"), "Figures per day", ["Day", "Questions", "Not found", "Failed", "Tokens", "Cost", "Budget", "p50", "p95", "Satisfaction"],
      report.days.map((d) => [d.date, fmt.int(d.figures.questions), fmt.pct(d.figures.notFoundRate), fmt.int(d.figures.failed), fmt.int(d.figures.inputTokens + d.figures.outputTokens),
        fmt.usd(d.figures.costUsd), fmt.pct(d.budgetShare), fmt.ms(d.figures.latencyMs.p50), fmt.ms(d.figures.latencyMs.p95), fmt.score(d.figures.feedback.score)]));
    const unusual = report.anomalies.map((a) => [fmt.time(a.hour), "hour", a.series, String(a.value), String(a.baseline), a.score.toFixed(1)])
      .concat((report.minuteAnomalies ?? []).map((a) => [fmt.time(a.minute), "minute", a.series, String(a.value), String(a.baseline), a.score.toFixed(1)]));
    table($("#table-anomalies"), "Hours and minutes that stood out", ["From (UTC)", "Span", "Series", "Value", "Usual", "Score"], unusual);
  }

  async function load() {
    const error = $("#review-error");
    error.hidden = true;
    const period = $("#period").value;
    const query = new URLSearchParams();
    if (period === "custom") {
      if ($("#from").value) query.set("from", $("#from").value);
      if ($("#to").value) query.set("to", $("#to").value);
    } else {
      query.set("period", period);
    }
    $("#review-status").textContent = "Loading…";
    let report;
    try {
      const response = await fetch(`/v1/reports/review?${query}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        error.textContent = await problemText(response);
        error.hidden = false;
        return;
      }
      report = await response.json();
    } catch {
      error.textContent = "The Gateway could not be reached.";
      error.hidden = false;
      return;
    } finally {
      $("#review-status").textContent = "";
    }
    render(report);
  }

  let resizing = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      for (const { container, plot } of charts) plot.setSize({ width: Math.max(280, container.clientWidth), height: HEIGHT });
    }, 150);
  });
  $("#period").addEventListener("change", () => {
    const custom = $("#period").value === "custom";
    $("#from").disabled = !custom;
    $("#to").disabled = !custom;
  });
  $("#review-form").addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", location.pathname); // leave a stored review for the live one
    load();
  });

  // review.html?run=<id>: the review a weekly-review workflow run stored (its fetch-review step's data), as it was then.
  async function loadStored(runId) {
    const error = $("#review-error");
    $("#review-status").textContent = "Loading…";
    try {
      const response = await fetch(`/v1/workflows/weekly-review/runs/${encodeURIComponent(runId)}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        error.textContent = await problemText(response);
        error.hidden = false;
        return;
      }
      const run = await response.json();
      const stored = (run.steps.find((s) => s.name === "fetch-review") || {}).data;
      if (!stored || !stored.report) {
        error.textContent = `Weekly-review run ${runId} has no stored review (${run.status}${run.error ? `: ${run.error}` : ""}).`;
        error.hidden = false;
        return;
      }
      render(stored.report);
      $("#review-status").textContent =
        `Stored by weekly-review run ${run.id} (${run.trigger}, ${new Date(run.createdAt).toLocaleString()}): ${stored.from} – ${stored.to}.`;
    } catch {
      error.textContent = "The Gateway could not be reached.";
      error.hidden = false;
    } finally {
      if ($("#review-status").textContent === "Loading…") $("#review-status").textContent = "";
    }
  }

  const storedRun = new URLSearchParams(location.search).get("run");
  if (storedRun) loadStored(storedRun); else load();
})();
