// Switchboard web UI. No framework and no build step. Every piece of text from the user, an answer or a
// document is put into the page with textContent, never parsed as HTML, so nothing in it can run as markup.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);

  const POLL_INTERVAL_MS = 1000;

  // ---------- small DOM and HTTP helpers ----------

  const { el, retryAfterSeconds, problemMessage } = window.SwitchboardUi;

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
        body: JSON.stringify({ question: text }),
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
      askProgress.textContent = "";
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

  function renderAnswer(response) {
    const citations = new Map((response.citations ?? []).map((c) => [c.number, c]));

    // The raw status (answered, not_found, refused, pending_approval): the same word the API returns.
    statusBadge.textContent = response.status;
    statusBadge.dataset.status = response.status;
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

  // ---------- documents ----------

  const uploadForm = $("#upload-form");
  const fileInput = $("#file");
  const uploadButton = $("#upload-button");
  const uploadError = $("#upload-error");
  const uploadStatus = $("#upload-status");
  const documentsList = $("#documents");
  const documentsEmpty = $("#documents-empty");
  const polling = new Set();

  uploadForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showProblem(uploadError, "");
    const file = fileInput.files?.[0];
    if (!file) {
      showProblem(uploadError, "Choose a file to upload first.");
      fileInput.focus();
      return;
    }

    const body = new FormData();
    body.append("file", file);
    uploadButton.disabled = true;
    uploadStatus.textContent = `Uploading ${file.name}…`;
    try {
      const response = await fetch("/v1/documents", { method: "POST", body });
      if (!response.ok) {
        uploadStatus.textContent = "";
        showProblem(uploadError, await problemMessage(response));
        return;
      }
      const doc = await response.json();
      uploadForm.reset();
      upsertDocument(doc);
      if (response.headers.has("Switchboard-Duplicate-Of")) {
        // Identical content was already uploaded: nothing new is ingested.
        uploadStatus.textContent = `${file.name} has the same content as ${doc.name}, which is already ${doc.status}; nothing new to ingest.`;
        return;
      }
      describeProgress(doc);
      pollDocument(doc.id);
    } catch {
      uploadStatus.textContent = "";
      showProblem(uploadError, "The Gateway could not be reached. Check your connection and try again.");
    } finally {
      uploadButton.disabled = false;
    }
  });

  function isSettled(doc) {
    return doc.status === "ready" || doc.status === "failed";
  }

  function describeProgress(doc) {
    const warnings = doc.warnings?.length ?? 0;
    if (doc.status === "ready") {
      uploadStatus.textContent = `${doc.name} is ready: ${doc.chunks} chunks, ${warnings} warnings.`;
    } else if (doc.status === "failed") {
      uploadStatus.textContent = `${doc.name} failed: ${doc.error ?? "unknown error"}.`;
    } else {
      uploadStatus.textContent = `${doc.name} is ${doc.status}…`;
    }
  }

  // Polls one doc every second until ingestion settles (ready or failed) or the doc disappears.
  async function pollDocument(id) {
    if (polling.has(id)) return;
    polling.add(id);
    try {
      while (true) {
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        const response = await fetch(`/v1/documents/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
        if (response.status === 404) {
          removeDocument(id);
          return;
        }
        if (!response.ok) continue; // a transient error: keep polling
        const doc = await response.json();
        upsertDocument(doc);
        describeProgress(doc);
        if (isSettled(doc)) return;
      }
    } catch {
      uploadStatus.textContent = "Lost contact with the Gateway while waiting for ingestion; reload the page to see the latest status.";
    } finally {
      polling.delete(id);
    }
  }

  async function loadDocuments() {
    try {
      const response = await fetch("/v1/documents", { headers: { Accept: "application/json" } });
      if (!response.ok) {
        showProblem(uploadError, await problemMessage(response));
        return;
      }
      const documents = await response.json();
      documentsList.replaceChildren(...documents.map(documentItem));
      updateDocumentsEmpty();
      for (const doc of documents) if (!isSettled(doc)) pollDocument(doc.id);
    } catch {
      showProblem(uploadError, "The doc list could not be loaded.");
    }
  }

  function documentItem(doc) {
    const warnings = doc.warnings ?? [];
    const deleteButton = el("button", {
      className: "danger",
      text: "Delete",
      attrs: { type: "button", "aria-label": `Delete ${doc.name}` },
    });
    deleteButton.addEventListener("click", () => deleteDocument(doc, deleteButton));

    const warningsText = el("span", {
      className: "document-warnings",
      text: `${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}`,
    });
    if (warnings.length) warningsText.title = warnings.join("\n");

    return el("li", { className: "document", attrs: { "data-id": doc.id } }, [
      el("div", { className: "document-main" }, [
        el("span", { className: "document-name", text: doc.name }),
        el("span", {
          className: `document-status badge badge-${doc.status}`,
          text: doc.status,
          attrs: { "data-status": doc.status },
        }),
      ]),
      el("div", { className: "document-details meta" }, [
        el("span", { className: "document-chunks", text: `${doc.chunks} chunks` }),
        warningsText,
        doc.error ? el("span", { className: "document-error", text: doc.error }) : null,
      ]),
      deleteButton,
    ]);
  }

  function upsertDocument(doc) {
    const item = documentItem(doc);
    const existing = documentsList.querySelector(`li.document[data-id="${CSS.escape(doc.id)}"]`);
    if (existing) existing.replaceWith(item);
    else documentsList.prepend(item);
    updateDocumentsEmpty();
  }

  function removeDocument(id) {
    documentsList.querySelector(`li.document[data-id="${CSS.escape(id)}"]`)?.remove();
    updateDocumentsEmpty();
  }

  function updateDocumentsEmpty() {
    documentsEmpty.hidden = documentsList.children.length > 0;
  }

  async function deleteDocument(doc, button) {
    showProblem(uploadError, "");
    button.disabled = true;
    try {
      const response = await fetch(`/v1/documents/${encodeURIComponent(doc.id)}`, { method: "DELETE" });
      if (response.status === 204 || response.status === 404) {
        removeDocument(doc.id);
        uploadStatus.textContent = `${doc.name} was deleted.`;
        return;
      }
      showProblem(uploadError, await problemMessage(response));
    } catch {
      showProblem(uploadError, "The Gateway could not be reached. Check your connection and try again.");
    } finally {
      button.disabled = false;
    }
  }

  loadDocuments();
})();
