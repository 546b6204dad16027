// Switchboard approvals page: lists answers held for approval and lets an approver approve, edit or reject them.
// No framework, no build step; every text from a question, an answer or a source goes in with textContent.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const APPROVER_HEADER = "X-Switchboard-Approver";
  const STORAGE_KEY = "switchboard.approver";

  const form = $("#approver-form");
  const approverInput = $("#approver");
  const queueError = $("#queue-error");
  const queueStatus = $("#queue-status");
  const queueList = $("#queue");
  const queueEmpty = $("#queue-empty");

  const { el, problemMessage } = window.SwitchboardUi;

  function showProblem(container, message) {
    container.textContent = message;
    container.hidden = !message;
  }

  function headers(json) {
    const result = { Accept: "application/json" };
    const name = approverInput.value.trim();
    if (name) result[APPROVER_HEADER] = name;
    if (json) result["Content-Type"] = "application/json";
    return result;
  }

  async function loadQueue() {
    showProblem(queueError, "");
    queueStatus.textContent = "Loading the queue…";
    try {
      const response = await fetch("/v1/approvals", { headers: headers(false) });
      if (!response.ok) {
        queueStatus.textContent = "";
        showProblem(queueError, await problemMessage(response));
        return;
      }
      const body = await response.json();
      const items = body.items ?? [];
      queueList.replaceChildren(...items.map(approvalItem));
      queueEmpty.hidden = items.length > 0;
      queueStatus.textContent = `${items.length} waiting.`;
    } catch (error) {
      queueStatus.textContent = "";
      showProblem(queueError, `The queue could not be loaded: ${error.message}`);
    }
  }

  function badge(text) {
    return el("span", { className: `badge badge-${text}`, text });
  }

  function approvalItem(item) {
    const li = el("li", { className: "approval", attrs: { "data-id": item.id } });
    const headingId = `approval-${item.id}`;
    li.setAttribute("aria-labelledby", headingId);

    const risk = item.risk;
    li.append(
      el("h3", { attrs: { id: headingId }, className: "approval-question", text: item.question }),
      el("p", { className: "meta" }, [
        risk ? badge(risk.level) : null,
        document.createTextNode(` Held because: ${(item.triggers ?? []).join(", ") || "policy"}` +
          ` · intent ${item.intent ?? "?"} · expires ${new Date(item.expiresAt).toLocaleString()}`),
      ]),
      el("p", { className: "approval-answer", text: item.answer }),
    );

    const reasons = (risk?.reasons ?? []);
    if (reasons.length) {
      li.append(el("p", { className: "meta", text: "Risk reasons" }),
        el("ul", { className: "approval-reasons" }, reasons.map((r) => el("li", { text: `${r.level}: ${r.detail}` }))));
    }

    const sources = item.citations ?? [];
    if (sources.length) {
      li.append(el("p", { className: "meta", text: "Sources" }),
        el("ol", { className: "approval-sources" }, sources.map((c) => el("li", {
          className: "approval-source",
          text: `[${c.number}] ${c.documentName}${c.page ? `, page ${c.page}` : ""}${c.row ? `, row ${c.row}` : ""}: ${c.snippet}`,
        }))));
    }

    const editId = `edit-${item.id}`;
    const reasonId = `reason-${item.id}`;
    const edit = el("textarea", { attrs: { id: editId, rows: "3" } });
    edit.value = item.answer;
    const reason = el("textarea", { attrs: { id: reasonId, rows: "2", placeholder: "Required to reject" } });
    const error = el("div", { className: "problem", attrs: { role: "alert" } });
    error.hidden = true;
    const outcome = el("p", { className: "approval-decided", attrs: { role: "status", "aria-live": "polite" } });

    const approve = el("button", { className: "primary", text: "Approve", attrs: { type: "button" } });
    const saveEdit = el("button", { text: "Approve edited answer", attrs: { type: "button" } });
    const reject = el("button", { className: "danger", text: "Reject", attrs: { type: "button" } });
    const buttons = [approve, saveEdit, reject];

    async function decide(action, body) {
      showProblem(error, "");
      buttons.forEach((b) => { b.disabled = true; });
      try {
        const response = await fetch(`/v1/approvals/${encodeURIComponent(item.id)}/${action}`, {
          method: "POST", headers: headers(true), body: JSON.stringify(body),
        });
        if (!response.ok) {
          showProblem(error, await problemMessage(response));
          buttons.forEach((b) => { b.disabled = false; });
          return;
        }
        const decided = await response.json();
        outcome.replaceChildren(badge(decided.status), document.createTextNode(` by ${decided.decidedBy}`));
        li.dataset.status = decided.status;
      } catch (e) {
        showProblem(error, `The decision could not be sent: ${e.message}`);
        buttons.forEach((b) => { b.disabled = false; });
      }
    }

    approve.addEventListener("click", () => decide("approve", reason.value.trim() ? { reason: reason.value.trim() } : {}));
    saveEdit.addEventListener("click", () => decide("edit", { answer: edit.value, reason: reason.value.trim() || null }));
    reject.addEventListener("click", () => decide("reject", { reason: reason.value.trim() }));

    li.append(
      el("label", { text: "Answer to release (edit before approving)", attrs: { for: editId } }), edit,
      el("label", { text: "Reason", attrs: { for: reasonId } }), reason,
      el("div", { className: "approval-actions" }, buttons), error, outcome,
    );
    return li;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    try { localStorage.setItem(STORAGE_KEY, approverInput.value.trim()); } catch { /* private mode */ }
    loadQueue();
  });

  try { approverInput.value = localStorage.getItem(STORAGE_KEY) ?? ""; } catch { /* private mode */ }
  if (approverInput.value) loadQueue();
})();
