// Helpers every page of the web UI shares (loaded before the page's own script): building elements without parsing
// markup, and turning an error response into one sentence. Exposed as window.SwitchboardUi.
"use strict";

window.SwitchboardUi = (() => {
  function el(tag, options = {}, children = []) {
    const node = document.createElement(tag);
    if (options.className) node.className = options.className;
    if (options.text !== undefined) node.textContent = options.text;
    for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // Seconds to wait from a 503/429's Retry-After (a number of seconds or an HTTP date); null when there is none.
  function retryAfterSeconds(response) {
    if (response.status !== 503 && response.status !== 429) return null;
    const value = (response.headers.get("retry-after") ?? "").trim();
    if (!value) return null;
    const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
    return Number.isFinite(seconds) ? Math.max(1, seconds) : null;
  }

  // Turns an error response into a message: RFC 9457 ProblemDetails (title, detail, field errors) when the server sent
  // one. A 503/429 with Retry-After is the Gateway or an agent behind it shedding load: that is said plainly first.
  async function problemMessage(response) {
    const busyFor = retryAfterSeconds(response);
    const busy = busyFor === null ? "" : `Busy, retry in ${busyFor} s`;
    try {
      if ((response.headers.get("content-type") ?? "").includes("json")) {
        const problem = await response.json();
        if (busy) return problem.title ? `${busy} (${problem.title}).` : `${busy}.`;
        const parts = [problem.title, problem.detail, ...Object.values(problem.errors ?? {}).flat()].filter(Boolean);
        if (parts.length > 0) return [...new Set(parts)].join(" — ");
      }
    } catch {
      // fall through to the status line
    }
    if (busy) return `${busy}.`;
    return `The server answered ${response.status} ${response.statusText}`.trim();
  }

  return { el, retryAfterSeconds, problemMessage };
})();
