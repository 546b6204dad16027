// Switchboard web UI, the document panel: upload with ingestion progress, and the document list one page at a time,
// filtered by name and status. Every name and message goes in with textContent, never parsed as HTML.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const POLL_INTERVAL_MS = 1000;
  const { el, problemMessage } = window.SwitchboardUi;

  function showProblem(container, message) {
    container.textContent = message;
    container.hidden = !message;
  }

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

  // One page of the list at a time (GET /v1/documents?limit=…), newest first, filtered by name and status. The pages
  // already seen keep their cursors, so "Previous" goes back exactly; "Next" follows the Link rel="next" header.
  const filterForm = $("#documents-filter");
  const nameFilter = $("#documents-name");
  const statusFilter = $("#documents-status");
  const pageSize = $("#documents-page-size");
  const previousButton = $("#documents-previous");
  const nextButton = $("#documents-next");
  const pageStatus = $("#documents-page");
  let cursors = [null]; // cursors[i]: the cursor of page i (null for the first)
  let pageIndex = 0;
  let nextCursor = null;

  function nextCursorOf(response) {
    const link = response.headers.get("link") ?? "";
    const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link);
    return match ? new URL(match[1], location.href).searchParams.get("cursor") : null;
  }

  let generation = 0; // a newer load (filter, page) wins over a slower older one

  async function loadDocuments() {
    const mine = ++generation;
    const size = Number(pageSize.value);
    const query = new URLSearchParams({ limit: String(size) });
    if (nameFilter.value.trim()) query.set("name", nameFilter.value.trim());
    if (statusFilter.value) query.set("status", statusFilter.value);
    if (cursors[pageIndex]) query.set("cursor", cursors[pageIndex]);
    try {
      const response = await fetch(`/v1/documents?${query}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        showProblem(uploadError, await problemMessage(response));
        return;
      }
      const documents = await response.json();
      if (mine !== generation) return;
      nextCursor = nextCursorOf(response);
      const total = Number(response.headers.get("x-total-count") ?? documents.length);
      documentsList.replaceChildren(...documents.map(documentItem));
      updateDocumentsEmpty();
      const first = pageIndex * size + 1;
      pageStatus.textContent = documents.length
        ? `Documents ${first}–${first + documents.length - 1} of ${total}`
        : "";
      previousButton.disabled = pageIndex === 0;
      nextButton.disabled = !nextCursor;
      for (const doc of documents) if (!isSettled(doc)) pollDocument(doc.id);
    } catch {
      showProblem(uploadError, "The doc list could not be loaded.");
    }
  }

  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    cursors = [null];
    pageIndex = 0;
    loadDocuments();
  });
  statusFilter.addEventListener("change", () => filterForm.requestSubmit());
  pageSize.addEventListener("change", () => filterForm.requestSubmit());
  previousButton.addEventListener("click", () => {
    if (pageIndex === 0) return;
    pageIndex -= 1;
    loadDocuments();
  });
  nextButton.addEventListener("click", () => {
    if (!nextCursor) return;
    cursors = cursors.slice(0, pageIndex + 1);
    cursors.push(nextCursor);
    pageIndex += 1;
    loadDocuments();
  });

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
