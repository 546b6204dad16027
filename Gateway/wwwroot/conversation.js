// Switchboard web UI, the conversation: one session per browser tab (sessionStorage), sent with every question so a
// follow-up ("and for contractors?") is read against the earlier turns. Earlier turns are listed above the current
// answer, read back from GET /v1/sessions/{id} on reload; "New conversation" forgets the session (DELETE) and starts
// another. Loaded before app.js, which asks window.SwitchboardConversation.sessionId().
"use strict";

window.SwitchboardConversation = (() => {
  const $ = (selector) => document.querySelector(selector);
  const STORAGE_KEY = "switchboard.session";
  const { el, problemMessage } = window.SwitchboardUi;

  const list = $("#conversation");
  const empty = $("#conversation-empty");
  const error = $("#conversation-error");
  const newButton = $("#new-conversation");
  let current = null; // the turn shown in the answer area, listed once the next one arrives

  function newId() {
    return `web-${crypto.randomUUID()}`;
  }

  // The id is kept (and the Gateway asked for its turns) only once a question was sent with it, so a fresh tab never
  // asks for a session that does not exist.
  let stored = null;
  try { stored = sessionStorage.getItem(STORAGE_KEY); } catch { /* storage blocked: this page view only */ }
  let id = stored || newId();
  let persisted = Boolean(stored);

  function sessionId() {
    if (!persisted) {
      persisted = true;
      try { sessionStorage.setItem(STORAGE_KEY, id); } catch { /* storage blocked */ }
    }
    return id;
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function turnItem(turn) {
    return el("li", { className: "turn", attrs: { "data-status": turn.status } }, [
      el("p", { className: "turn-question", text: turn.question }),
      el("p", { className: "turn-answer", text: turn.answer || `(${turn.status})` }),
    ]);
  }

  function update() {
    empty.hidden = list.children.length > 0;
  }

  async function load() {
    try {
      const response = await fetch(`/v1/sessions/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
      if (response.status === 404) return update(); // a new or expired conversation
      if (!response.ok) {
        showError(await problemMessage(response));
        return;
      }
      const session = await response.json();
      list.replaceChildren(...(session.turns ?? []).map(turnItem));
      update();
    } catch {
      showError("The conversation could not be loaded.");
    }
  }

  // Each rendered answer (app.js's "switchboard:answer" event): the previous one moves into the list. A held answer
  // that is then decided arrives twice with the same id: it replaces the current turn instead.
  document.addEventListener("switchboard:answer", (event) => {
    const turn = event.detail;
    if (current && current.id !== turn.id) {
      list.append(turnItem(current));
      update();
    }
    current = turn;
  });

  newButton.addEventListener("click", async () => {
    showError("");
    if (persisted) {
      try {
        const response = await fetch(`/v1/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
        if (!response.ok && response.status !== 404) {
          showError(await problemMessage(response));
          return;
        }
      } catch {
        showError("The Gateway could not be reached; the old conversation is kept.");
        return;
      }
    }
    id = newId();
    persisted = false;
    try { sessionStorage.removeItem(STORAGE_KEY); } catch { /* storage blocked */ }
    current = null;
    list.replaceChildren();
    update();
    document.dispatchEvent(new CustomEvent("switchboard:new-conversation"));
    $("#question").focus();
  });

  if (persisted) load();
  else update();
  return { sessionId };
})();
