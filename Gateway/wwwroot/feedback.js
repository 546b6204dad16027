// Thumbs up/down and an optional comment on every answer. Independent of app.js: it listens for the
// `switchboard:answer` event that the answer rendering dispatches on the answer element (detail: {id, question,
// answer, citations}) and attaches a feedback form to that element. Sends POST /v1/answers/{id}/feedback.
// Text from the user is only ever put into the page with textContent.
"use strict";

(() => {
  const VERDICTS = [
    // The words beside the thumbs keep the buttons readable where no emoji font is installed.
    { value: "up", symbol: "\u{1F44D}", word: "Yes", label: "Yes, helpful" },
    { value: "down", symbol: "\u{1F44E}", word: "No", label: "No, not helpful" },
  ];

  // The router's intents, in words (value "" = not said).
  const INTENTS = [
    ["", "Not sure"],
    ["documents", "Our documents or data"],
    ["usage_report", "Switchboard's own usage and cost"],
    ["smalltalk", "Greeting or small talk"],
    ["out_of_scope", "Something unrelated"],
  ];

  const { el, problemMessage: problemText } = window.SwitchboardUi;

  let formCount = 0;

  function feedbackForm(detail) {
    const n = ++formCount;
    let verdict = null;

    const status = el("p", { className: "feedback-status muted", attrs: { role: "status", "aria-live": "polite" } });
    const error = el("div", { className: "problem", attrs: { role: "alert" } });
    error.hidden = true;

    const buttons = VERDICTS.map((v) => {
      const button = el("button", {
        className: "feedback-thumb",
        text: `${v.symbol} ${v.word}`,
        attrs: { type: "button", "aria-pressed": "false", "aria-label": v.label, title: v.label, "data-verdict": v.value },
      });
      button.addEventListener("click", () => {
        verdict = v.value;
        for (const b of buttons) b.setAttribute("aria-pressed", String(b === button));
        details.hidden = false;
        correctionRow.hidden = verdict !== "down";
        send.disabled = false;
      });
      return button;
    });

    const comment = el("textarea", {
      attrs: { id: `feedback-comment-${n}`, rows: "2", maxlength: "1000", placeholder: "What was good or wrong? (optional)" },
    });
    const correction = el("input", {
      attrs: { id: `feedback-correction-${n}`, type: "text", maxlength: "500", placeholder: "The right answer, if you know it (optional)" },
    });
    // The kind of question it really was, when the router sent it the wrong way: it retrains the router (correctedIntent).
    const intent = el("select", { attrs: { id: `feedback-intent-${n}` } }, INTENTS.map(([value, text]) => el("option", { text, attrs: { value } })));
    const correctionRow = el("div", { className: "feedback-field" }, [
      el("label", { text: "Correct answer", attrs: { for: correction.id } }),
      correction,
      el("label", { text: "The question was about", attrs: { for: intent.id } }),
      intent,
    ]);
    correctionRow.hidden = true;
    const send = el("button", { className: "primary", text: "Send feedback", attrs: { type: "submit" } });
    send.disabled = true;
    const details = el("div", { className: "feedback-details" }, [
      el("div", { className: "feedback-field" }, [el("label", { text: "Comment", attrs: { for: comment.id } }), comment]),
      correctionRow,
      send,
    ]);
    details.hidden = true;

    const form = el("form", { className: "feedback", attrs: { "aria-label": "Feedback on this answer", novalidate: "" } }, [
      el("div", { className: "feedback-row" }, [el("span", { className: "meta", text: "Was this answer helpful?" }), ...buttons]),
      details,
      error,
      status,
    ]);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!verdict) return;
      error.hidden = true;
      send.disabled = true;
      status.textContent = "Sending…";
      try {
        const body = { verdict };
        if (comment.value.trim()) body.comment = comment.value.trim();
        if (verdict === "down" && correction.value.trim()) body.correction = correction.value.trim();
        if (verdict === "down" && intent.value) body.correctedIntent = intent.value;
        const response = await fetch(`/v1/answers/${encodeURIComponent(detail.id)}/feedback`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body),
        });
        if (!response.ok) {
          status.textContent = "";
          error.textContent = await problemText(response);
          error.hidden = false;
          return;
        }
        status.textContent = "Thank you: your feedback was recorded. Sending again replaces it.";
        form.dataset.sent = verdict;
      } catch {
        status.textContent = "";
        error.textContent = "The Gateway could not be reached. Try again.";
        error.hidden = false;
      } finally {
        send.disabled = false;
      }
    });

    return form;
  }

  document.addEventListener("switchboard:answer", (event) => {
    const detail = event.detail ?? {};
    const target = event.target;
    if (!detail.id || !(target instanceof Element)) return;
    // One form per answer element: a new answer in the same element replaces the previous form.
    target.querySelector(":scope > form.feedback")?.remove();
    const form = feedbackForm(detail);
    form.dataset.answerId = detail.id;
    target.append(form);
  }, true); // capture: the event reaches this listener whether or not it bubbles
})();
