// Journal drafts: what is typed goes to the server every few seconds, and stays in this
// browser only until the server has it. So a lost connection, an ended session or a double
// click loses nothing. The copy in the browser is removed as soon as the server confirms.
(() => {
  "use strict";
  const PREFIX = "steadfast-journal:";
  const EVERY_MS = 3000;
  const RETRY_MS = 10000;

  const store = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();

  // A page shown after a save names the draft the server now holds: forget our copy.
  const saved = document.querySelector("[data-journal-saved]");
  if (saved && store) store.removeItem(PREFIX + saved.dataset.journalSaved);

  const form = document.querySelector("form[data-journal-draft]");
  if (!form) return;

  const key = PREFIX + form.dataset.journalDraft;
  const status = form.querySelector("[data-autosave-status]");
  const field = (name) => form.elements.namedItem(name);
  const values = () => ({
    title: field("title").value,
    body: field("body").value,
    mood: field("mood").value,
  });
  const same = (a, b) => a.title === b.title && a.body === b.body && a.mood === b.mood;

  const readLocal = () => {
    try {
      return JSON.parse(store.getItem(key));
    } catch {
      return null;
    }
  };
  const writeLocal = () => {
    try {
      store?.setItem(key, JSON.stringify({ ...values(), at: Date.now() }));
    } catch {
      // Storage full or blocked: the server copy still works.
    }
  };
  const clearLocal = () => store?.removeItem(key);

  const say = (text, link) => {
    status.textContent = text;
    if (link) {
      status.append(" ");
      const a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      status.append(a);
    }
  };

  const csrfToken = () => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    return field("csrfmiddlewaretoken").value;
  };

  // What the server holds: the page was drawn from it.
  let serverHas = values();
  let timer = null;
  let inFlight = false;
  let submitting = false;

  const local = readLocal();
  if (local && typeof local.body === "string") {
    if (same(local, serverHas)) {
      clearLocal();
    } else {
      field("title").value = local.title || "";
      field("body").value = local.body;
      field("mood").value = local.mood || "";
      say("We brought back words kept on this device that had not reached the server yet.");
    }
  }

  const schedule = (ms) => {
    if (timer === null) timer = window.setTimeout(save, ms);
  };

  async function save() {
    timer = null;
    if (inFlight || submitting) return;
    const now = values();
    if (same(now, serverHas)) {
      clearLocal();
      return;
    }
    inFlight = true;
    const data = new FormData();
    data.append("title", now.title);
    data.append("body", now.body);
    data.append("mood", now.mood);
    const entry = field("entry");
    if (entry) data.append("entry", entry.value);
    const version = field("row_version");
    if (entry && version) data.append("row_version", version.value);
    let retry = false;
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() },
      });
      if (response.ok) {
        const answer = await response.json();
        serverHas = now;
        if (same(values(), now)) clearLocal();
        say(`Draft kept at ${answer.saved_at}.`);
      } else if (response.status === 409) {
        serverHas = now;
        clearLocal();
      } else if (
        response.status === 401 ||
        response.status === 403 ||
        response.type === "opaqueredirect"
      ) {
        retry = true;
        say("You have been signed out. Your words are kept on this device.", {
          href: form.dataset.loginUrl,
          text: "Sign in again to carry on where you left off.",
        });
      } else {
        retry = true;
        say("Your draft could not be kept on the server just now. It is kept on this device.");
      }
    } catch {
      retry = true;
      say(
        "We can't reach the server right now. Your words are kept on this device and will be saved when the connection is back.",
      );
    } finally {
      inFlight = false;
    }
    if (!same(values(), serverHas)) schedule(retry ? RETRY_MS : EVERY_MS);
  }

  form.addEventListener("input", () => {
    writeLocal();
    schedule(EVERY_MS);
  });
  form.addEventListener("submit", (event) => {
    // A second click while the first is on its way sends nothing more; the page token
    // makes a resent form store one entry anyway.
    if (submitting) {
      event.preventDefault();
      return;
    }
    writeLocal();
    submitting = true;
    form.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false;
  });
  if (!same(values(), serverHas)) schedule(EVERY_MS);
})();
