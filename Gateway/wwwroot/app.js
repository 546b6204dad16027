// Switchboard web UI. No framework and no build step. Every piece of text from the user, an answer or a
// document is put into the page with textContent, never parsed as HTML, so nothing in it can run as markup.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);

  // ---------- small DOM and HTTP helpers ----------

  const { el, problemMessage } = window.SwitchboardUi;

  function showProblem(container, message) {
    container.textContent = message;
    container.hidden = !message;
  }

  function formatMs(ms) {
    return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
  }

  // ---------- asking ----------

  const askForm = $("#ask-form");
  const question = $("#question");
  const askButton = $("#ask-button");
  const askError = $("#ask-error");
  const askProgress = $("#ask-progress");
  const result = $("#result");
  const statusBadge = $("#status");
  const routeLine = $("#route");
  const answerBox = $("#answer");
  const timingsLine = $("#timings");
  const sourcesList = $("#sources");
  const sourcesEmpty = $("#sources-empty");

  // Enter asks; Shift+Enter starts a new line (and Enter while an input method composes a word does neither).
  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (!askButton.disabled) askForm.requestSubmit();
    }
  });

  // What each stage of POST /v1/ask's event stream means to the reader.
  const STAGES = {
    screen: "Checking the question…",
    history: "Reading the conversation…",
    route: "Choosing who answers…",
    cache: "Looking for a recent answer…",
    answer: "Searching the sources…",
    review: "Checking the answer against its sources…",
    risk: "Assessing the answer's risk…",
  };

  askForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = question.value.trim();
    showProblem(askError, "");
    if (!text) {
      showProblem(askError, "Type a question first.");
      question.focus();
      return;
    }

    askButton.disabled = true;
    askForm.setAttribute("aria-busy", "true");
    askProgress.textContent = "Working on your question…";
    try {
      // The answer streams as server-sent events (stage, delta, answer, error); a refusal before the stream starts
      // (bad input, busy, budget) is a plain ProblemDetails response.
      const response = await fetch("/v1/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question: text, sessionId: window.SwitchboardConversation?.sessionId() }),
      });
      if (!response.ok) {
        showProblem(askError, await problemMessage(response));
        return;
      }
      if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
        finishAnswer(await response.json(), text);
        return;
      }
      await readAnswerStream(response, text);
    } catch {
      showProblem(askError, "The Gateway could not be reached. Check your connection and try again.");
    } finally {
      askButton.disabled = false;
      askForm.removeAttribute("aria-busy");
      result.removeAttribute("aria-busy");
      if (!following) askProgress.textContent = "";
    }
  });

  // Reads the event stream of one question: stages as progress, text deltas into the answer as they arrive, then the
  // final answer with its citations and sources (or an error problem).
  async function readAnswerStream(response, text) {
    let streamed = "";
    let started = false;
    for await (const { event, data } of serverSentEvents(response.body)) {
      const payload = JSON.parse(data);
      if (event === "stage") {
        askProgress.textContent = STAGES[payload.stage] ?? "Working on your question…";
      } else if (event === "delta") {
        if (!started) {
          started = true;
          startStreamingAnswer();
        }
        streamed += payload.text;
        answerBox.replaceChildren(...renderParagraphs(streamed, new Map()));
      } else if (event === "answer") {
        finishAnswer(payload, text);
        return;
      } else if (event === "error") {
        showProblem(askError, streamProblemMessage(payload));
        if (started) result.hidden = true;
        return;
      }
    }
    showProblem(askError, "The answer stream ended before the answer was complete. Try again.");
  }

  // The server-sent events of a response body: { event, data } for each event (the data lines joined by newlines).
  async function* serverSentEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = blocks.pop();
      for (const block of blocks) {
        let event = "message";
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length > 0) yield { event, data: data.join("\n") };
      }
    }
  }

  // An error event carries the problem the response status would have: said as for a response ("Busy, retry in N s").
  function streamProblemMessage(problem) {
    if ((problem.status === 503 || problem.status === 429) && problem.retryAfterSeconds) {
      return `Busy, retry in ${problem.retryAfterSeconds} s${problem.title ? ` (${problem.title})` : ""}.`;
    }
    return [problem.title, problem.detail].filter(Boolean).join(" — ") || "No answer was produced.";
  }

  // The answer area while text arrives: marked busy (screen readers read it once complete), old sources cleared.
  function startStreamingAnswer() {
    statusBadge.textContent = "answering";
    statusBadge.dataset.status = "streaming";
    statusBadge.className = "badge badge-streaming";
    routeLine.textContent = "";
    timingsLine.textContent = "";
    answerBox.replaceChildren();
    renderSources([]);
    sourcesEmpty.textContent = "The sources appear when the answer is complete.";
    result.setAttribute("aria-busy", "true");
    result.hidden = false;
  }

  // Renders the final answer and tells whoever listens: a "switchboard:answer" event on the answer's element, with
  // { id, question, status, answer, citations }, so other features (feedback, history) can attach to each answer.
  function finishAnswer(response, text) {
    renderAnswer(response);
    result.removeAttribute("aria-busy");
    if (response.status === "pending_approval") followDecision(response.answerId, text);
    answerBox.dispatchEvent(new CustomEvent("switchboard:answer", {
      bubbles: true,
      detail: {
        id: response.answerId,
        question: text,
        status: response.status,
        answer: response.answer,
        citations: response.citations ?? [],
      },
    }));
  }

  // A held answer: follow GET /v1/ask/{id}/events until an approver decides, then show the decision like any answer.
  // A newer question stops following the older one.
  let following = null;
  async function followDecision(id, text) {
    following?.abort();
    const controller = new AbortController();
    following = controller;
    askProgress.textContent = "Waiting for an approver…";
    try {
      const response = await fetch(`/v1/ask/${encodeURIComponent(id)}/events`, {
        headers: { Accept: "text/event-stream" }, signal: controller.signal,
      });
      if (!response.ok) {
        showProblem(askError, await problemMessage(response));
        return;
      }
      for await (const { event, data } of serverSentEvents(response.body)) {
        if (event === "answer") {
          askProgress.textContent = "";
          finishAnswer(JSON.parse(data), text);
          return;
        }
      }
    } catch (error) {
      if (error.name !== "AbortError") showProblem(askError, "Lost contact while waiting for the approver; reload to see the decision.");
    } finally {
      if (following === controller) following = null;
    }
  }

  function renderAnswer(response) {
    const citations = new Map((response.citations ?? []).map((c) => [c.number, c]));

    // The raw status (answered, not_found, refused, pending_approval): the same word the API returns.
    statusBadge.textContent = response.status;
    statusBadge.dataset.status = response.status;
    answerBox.dataset.answerId = response.answerId ?? "";
    statusBadge.className = `badge badge-${response.status}`;

    const route = response.route;
    routeLine.textContent = route
      ? `Intent ${route.intent} · confidence ${Number(route.confidence).toFixed(2)}` +
        (route.agents?.length ? ` · ${route.agents.join(", ")}` : "")
      : "";

    answerBox.replaceChildren(...renderParagraphs(response.answer ?? "", citations));

    const timings = Object.entries(response.timings ?? {});
    timingsLine.textContent = timings.length
      ? "Timings: " + timings.map(([stage, ms]) => `${stage} ${formatMs(ms)}`).join(" · ")
      : "";

    renderSources([...citations.values()].sort((a, b) => a.number - b.number));
    result.hidden = false;
  }

  // Splits the answer into paragraphs and turns each [n] (or [n, m]) marker into citation buttons.
  function renderParagraphs(text, citations) {
    const marker = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
    return text.split(/\n{2,}/).filter((p) => p.trim()).map((paragraph) => {
      const p = el("p");
      let last = 0;
      for (const match of paragraph.matchAll(marker)) {
        p.append(paragraph.slice(last, match.index));
        const numbers = match[1].split(",").map((n) => Number(n.trim()));
        if (numbers.every((n) => citations.has(n))) {
          for (const n of numbers) p.append(citationButton(citations.get(n)));
        } else {
          p.append(match[0]); // a marker without a source stays plain text
        }
        last = match.index + match[0].length;
      }
      p.append(paragraph.slice(last));
      return p;
    });
  }

  function citationButton(citation) {
    const button = el("button", {
      className: "citation",
      text: `[${citation.number}]`,
      attrs: {
        type: "button",
        "data-n": String(citation.number),
        "aria-label": `Source ${citation.number}: ${citation.documentName}`,
        "aria-controls": `source-${citation.number}`,
      },
    });
    button.addEventListener("click", () => highlightSource(citation.number));
    return button;
  }

  function renderSources(citations) {
    sourcesList.replaceChildren(...citations.map(sourceItem));
    sourcesEmpty.hidden = citations.length > 0;
    sourcesEmpty.textContent = "This answer has no sources.";
  }

  function sourceItem(citation) {
    const where = [];
    if (citation.page != null) where.push(`page ${citation.page}`);
    if (citation.row != null) where.push(`row ${citation.row}`);
    where.push(`score ${Number(citation.score).toFixed(2)}`);

    return el("li", {
      className: "source",
      attrs: { "data-n": String(citation.number), id: `source-${citation.number}`, tabindex: "-1" },
    }, [
      el("div", { className: "source-header" }, [
        el("span", { className: "source-number", text: `[${citation.number}]` }),
        el("span", { className: "source-name", text: citation.documentName }),
      ]),
      el("p", { className: "source-location meta", text: where.join(" · ") }),
      el("blockquote", { className: "source-snippet", text: citation.snippet }),
    ]);
  }

  function highlightSource(number) {
    for (const item of sourcesList.querySelectorAll(".source")) {
      const selected = item.dataset.n === String(number);
      item.classList.toggle("highlighted", selected);
      if (selected) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    }
    for (const button of answerBox.querySelectorAll("button.citation")) {
      button.classList.toggle("active", button.dataset.n === String(number));
    }
    const target = sourcesList.querySelector(`.source[data-n="${number}"]`);
    if (target) {
      target.scrollIntoView({ block: "nearest", behavior: "smooth" });
      target.focus({ preventScroll: true });
    }
  }
})();
