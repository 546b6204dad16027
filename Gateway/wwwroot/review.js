// The review page: GET /v1/reports/review and small SVG charts drawn here (no library, nothing remote).
// Every value is put into the page with textContent or as an SVG attribute, never parsed as markup.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const SVG = "http://www.w3.org/2000/svg";
  const W = 480, H = 200, PAD = { left: 48, right: 12, top: 12, bottom: 28 };

  const { el, problemMessage: problemText } = window.SwitchboardUi;

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const fmt = {
    int: (v) => (v ?? 0).toLocaleString("en-US"),
    usd: (v) => `$${Number(v ?? 0).toFixed(Number(v ?? 0) < 1 ? 4 : 2)}`,
    ms: (v) => (v == null ? "–" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`),
    pct: (v) => (v == null ? "–" : `${(v * 100).toFixed(1)} %`),
    score: (v) => (v == null ? "–" : `${Number(v).toFixed(2)} / 5`),
  };

  // A chart of one or more series over the days; bars for the first series when `bars` is set. `limit` draws a dashed
  // horizontal line (a budget or a threshold). Missing values (null) leave a gap.
  function chart(container, label, days, series, { bars = false, limit = null, max = null, format = String } = {}) {
    const values = series.flatMap((s) => s.values).filter((v) => v != null);
    const top = Math.max(max ?? 0, limit ?? 0, ...values, 0) || 1;
    const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
    const x = (i) => PAD.left + (days.length <= 1 ? plotW / 2 : (i * plotW) / (days.length - 1));
    const y = (v) => PAD.top + plotH - (v / top) * plotH;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": label });
    root.append(svg("title", {}, label));
    root.append(svg("line", { class: "axis", x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH }));
    root.append(svg("line", { class: "axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH }));
    for (const v of [0, top / 2, top]) {
      root.append(svg("text", { class: "tick", x: PAD.left - 4, y: y(v) + 3, "text-anchor": "end" }, format(v)));
    }
    const every = Math.max(1, Math.ceil(days.length / 8));
    days.forEach((day, i) => {
      if (i % every === 0) root.append(svg("text", { class: "tick", x: x(i), y: H - 8, "text-anchor": "middle" }, day.slice(5)));
    });
    series.forEach((s, index) => {
      if (bars && index === 0) {
        const width = Math.max(2, Math.min(28, (plotW / Math.max(days.length, 1)) * 0.6));
        s.values.forEach((v, i) => {
          if (v == null || v === 0) return; // an empty day draws no bar
          const bar = svg("rect", { class: "bar", x: x(i) - width / 2, y: y(v), width, height: Math.max(0, PAD.top + plotH - y(v)) });
          bar.append(svg("title", {}, `${days[i]}: ${format(v)}`));
          root.append(bar);
        });
        return;
      }
      let path = "";
      s.values.forEach((v, i) => {
        if (v == null) { path += " "; return; }
        path += `${path.endsWith(" ") || path === "" ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        root.append(svg("circle", { class: index === 0 ? "dot" : "dot-2", cx: x(i), cy: y(v), r: 2.5 }));
      });
      root.append(svg("path", { class: index === 0 ? "line" : "line-2", d: path.trim().replace(/ +/g, " ") }));
    });
    if (limit != null) {
      root.append(svg("line", { class: "limit", x1: PAD.left, y1: y(limit), x2: W - PAD.right, y2: y(limit) }));
    }
    container.replaceChildren(root);
    if (series.length > 1 || limit != null) {
      const parts = series.map((s, i) => `${i === 0 ? (bars ? "bars" : "blue") : "red"}: ${s.name}`);
      if (limit != null) parts.push(`dashed: ${format(limit)}`);
      container.append(el("p", { className: "legend", text: parts.join(" · ") }));
    }
  }

  function table(container, caption, headers, rows) {
    if (rows.length === 0) {
      container.replaceChildren(el("p", { className: "muted", text: "Nothing in this range." }));
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
      ["Tokens", fmt.int(t.inputTokens + t.outputTokens)],
      ["Cost", fmt.usd(t.costUsd)],
      ["Latency p50", fmt.ms(t.latencyMs.p50)],
      ["Latency p95", fmt.ms(t.latencyMs.p95)],
      ["Satisfaction", fmt.score(t.feedback.score)],
      ["Votes", `${fmt.int(t.feedback.up)} up · ${fmt.int(t.feedback.down)} down`],
      ["Busiest day's budget use", fmt.pct(report.budget.maxDayShare)],
      ["Days over budget", fmt.int(report.budget.daysOverBudget)],
      ["Unusual hours", fmt.int(report.anomalies.length)],
    ];
    $("#kpis").replaceChildren(...items.map(([k, v]) => el("div", {}, [el("dt", { text: k }), el("dd", { text: v })])));
  }

  function render(report) {
    const days = report.days.map((d) => d.date);
    const f = (pick) => report.days.map((d) => pick(d.figures));
    kpis(report);
    chart($("#chart-questions"), "Questions per day", days, [{ name: "questions", values: f((x) => x.questions) }], { bars: true, format: (v) => fmt.int(Math.round(v * 10) / 10) });
    chart($("#chart-cost"), "Cost per day in US dollars", days, [{ name: "cost", values: f((x) => Number(x.costUsd)) }],
      { bars: true, limit: report.budget.dailyUsd, format: (v) => fmt.usd(v) });
    chart($("#chart-latency"), "Latency per day, p50 and p95", days,
      [{ name: "p50", values: f((x) => x.latencyMs.p50) }, { name: "p95", values: f((x) => x.latencyMs.p95) }], { format: fmt.ms });
    chart($("#chart-notfound"), "Share of questions not found per day", days, [{ name: "not found", values: f((x) => x.notFoundRate) }],
      { max: 1, format: fmt.pct });
    chart($("#chart-satisfaction"), "User satisfaction per day, 0 to 5 (alert below 3)", days, [{ name: "satisfaction", values: f((x) => x.feedback.score) }],
      { max: 5, limit: 3, format: (v) => Number(v).toFixed(1) });

    table($("#table-intent"), "Figures by intent", ["Intent", "Questions", "Not found", "p50", "p95", "Cost", "Satisfaction"],
      Object.entries(report.byIntent).filter(([, x]) => x.questions > 0 || x.feedback.votes > 0).map(([intent, x]) =>
        [intent, fmt.int(x.questions), fmt.pct(x.notFoundRate), fmt.ms(x.latencyMs.p50), fmt.ms(x.latencyMs.p95), fmt.usd(x.costUsd), fmt.score(x.feedback.score)]));
    table($("#table-model"), "Tokens and cost by model", ["Model", "Input tokens", "Output tokens", "Cost"],
      Object.entries(report.byModel).map(([model, x]) => [model, fmt.int(x.inputTokens), fmt.int(x.outputTokens), fmt.usd(x.costUsd)]));
    table($("#table-days"), "Figures per day", ["Day", "Questions", "Not found", "Tokens", "Cost", "Budget", "p50", "p95", "Satisfaction"],
      report.days.map((d) => [d.date, fmt.int(d.figures.questions), fmt.pct(d.figures.notFoundRate), fmt.int(d.figures.inputTokens + d.figures.outputTokens),
        fmt.usd(d.figures.costUsd), fmt.pct(d.budgetShare), fmt.ms(d.figures.latencyMs.p50), fmt.ms(d.figures.latencyMs.p95), fmt.score(d.figures.feedback.score)]));
    table($("#table-anomalies"), "Hours that stood out", ["Hour (UTC)", "Series", "Value", "Usual", "Score"],
      report.anomalies.map((a) => [a.hour.replace("T", " ").slice(0, 16), a.series, String(a.value), String(a.baseline), a.score.toFixed(1)]));
    $("#review").hidden = false;
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
    try {
      const response = await fetch(`/v1/reports/review?${query}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        error.textContent = await problemText(response);
        error.hidden = false;
        return;
      }
      render(await response.json());
    } catch {
      error.textContent = "The Gateway could not be reached.";
      error.hidden = false;
    } finally {
      $("#review-status").textContent = "";
    }
  }

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
