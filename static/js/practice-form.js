// Practice forms: one step at a time, autosaved drafts (server first, this device as a
// fallback), thinking-trap suggestions without a page load. Every form works without this.
(function () {
  "use strict";

  var STORE = "steadfast:draft:";
  var SAVE_EVERY_MS = 4000;

  function storageKey(key) { return STORE + key; }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(key)) || "null"); } catch (e) { return null; }
  }
  function writeLocal(key, form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    try { window.localStorage.setItem(storageKey(key), JSON.stringify({ at: Date.now(), fields: fields })); } catch (e) { /* full or blocked */ }
  }
  function clearLocal(key) {
    try { window.localStorage.removeItem(storageKey(key)); } catch (e) { /* blocked */ }
  }

  function restoreLocal(form, saved) {
    var byName = {};
    saved.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in byName) || el.type === "hidden" && el.name !== "token") return;
      var list = byName[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else {
        var same = form.querySelectorAll('[name="' + el.name + '"]');
        var index = Array.prototype.indexOf.call(same, el);
        if (list[index] !== undefined) el.value = list[index];
      }
    });
  }

  // -- drafts -------------------------------------------------------------------------------

  function setupDrafts(form) {
    var key = form.dataset.draftKey;
    var url = form.dataset.draftUrl;
    var status = form.querySelector(".draft-status");
    var dirty = false;
    var sending = false;

    // A copy left on this device (the server could not be reached) wins if there is one.
    var local = readLocal(key);
    if (local && local.fields && local.fields.length) {
      restoreLocal(form, local);
      var note = document.querySelector(".device-restored");
      if (note) note.hidden = false;
      dirty = true;
    }

    function say(text) { if (status) status.textContent = text; }

    function save() {
      if (!dirty || sending) return;
      sending = true;
      dirty = false;
      var body = new FormData(form);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") || "", "Accept": "application/json" },
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) throw new Error("not saved");
        return response.json();
      }).then(function () {
        clearLocal(key);
        say("Draft saved.");
      }).catch(function () {
        writeLocal(key, form);
        dirty = true;
        say("Saved on this device for now. Sign in again if asked; nothing is lost.");
      }).then(function () { sending = false; });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { writeLocal(key, form); });
    window.setInterval(save, SAVE_EVERY_MS);
    document.addEventListener("visibilitychange", function () { if (document.hidden) save(); });
  }

  // -- one step at a time -------------------------------------------------------------------

  function setupSteps(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    if (steps.length < 2 || form.querySelector(".errorlist, [aria-invalid]")) return;
    var actions = form.querySelector(".form-actions");
    var save = form.querySelector(".save-button");
    var nav = document.createElement("div");
    nav.className = "step-nav";
    var back = document.createElement("button");
    back.type = "button"; back.className = "secondary"; back.textContent = "Back";
    var next = document.createElement("button");
    next.type = "button"; next.textContent = "Next";
    nav.appendChild(back); nav.appendChild(next);
    actions.parentNode.insertBefore(nav, actions);
    var current = 0;

    function show(index, focus) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      save.hidden = index !== steps.length - 1;
      if (focus) {
        var legend = steps[index].querySelector("legend");
        legend.setAttribute("tabindex", "-1");
        legend.focus();
      }
      form.dispatchEvent(new CustomEvent("practice:step", { detail: { step: steps[index] } }));
    }
    back.addEventListener("click", function () { show(Math.max(0, current - 1), true); });
    next.addEventListener("click", function () { show(Math.min(steps.length - 1, current + 1), true); });
    // Enter in a one-line box moves on instead of submitting half a form.
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.type !== "submit" && current < steps.length - 1) {
        event.preventDefault();
        show(current + 1, true);
      }
    });
    var start = 0;
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      var found = steps.indexOf(target);
      if (found >= 0) start = found;
    }
    show(start, false);
  }

  // -- thinking-trap suggestions --------------------------------------------------------------

  function setupSuggestions(form) {
    var slot = form.querySelector("#trap-suggestions");
    var button = form.querySelector("#suggest-button");
    if (!slot || !button) return;
    var thought = form.querySelector('[name="thought"]');
    var asked = "";

    function ask() {
      var text = thought ? thought.value.trim() : "";
      if (!text || text === asked) return;
      asked = text;
      slot.setAttribute("aria-busy", "true");
      var body = new FormData();
      body.append("thought", text);
      fetch(slot.dataset.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.querySelector('[name="csrfmiddlewaretoken"]').value },
      }).then(function (response) {
        if (!response.ok) throw new Error("no suggestions");
        return response.text();
      }).then(function (html) {
        slot.innerHTML = html;
      }).catch(function () {
        asked = "";
        slot.innerHTML = "<p>Suggestions are not available right now. The full list below still works.</p>";
      }).then(function () { slot.removeAttribute("aria-busy"); });
    }

    button.addEventListener("click", function (event) { event.preventDefault(); asked = ""; ask(); });
    form.addEventListener("practice:step", function (event) {
      if (event.detail.step.id === "step-traps") ask();
    });
    // Accepting a suggestion ticks the trap in the full list; dismissing it unticks it.
    slot.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.dataset || !input.dataset.trap) return;
      var box = form.querySelector("#trap-" + input.dataset.trap);
      if (box) box.checked = input.value === "accepted";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var done = document.querySelector("[data-clear-draft]");
    if (done) clearLocal(done.dataset.clearDraft);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), function (form) {
      setupDrafts(form);
      if (form.hasAttribute("data-steps")) setupSteps(form);
      setupSuggestions(form);
    });
  });
})();
