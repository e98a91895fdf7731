// The breathing pacer: a circle that grows and shrinks with the breath, or, with reduced motion
// (the system setting or the box on the page), words and a count only. A polite live region
// says "Breathe in", "Hold" and "Breathe out" once per phase, never every second.
(function () {
  "use strict";

  var WORDS = ["Breathe in", "Hold", "Breathe out", "Hold"];

  function setup(pacer) {
    var form = pacer.closest("form");
    var live = pacer.querySelector(".pacer-live");
    var guide = pacer.querySelector(".pacer-guide");
    var stage = pacer.querySelector(".pacer-stage");
    var circle = pacer.querySelector(".pacer-circle");
    var word = pacer.querySelector(".pacer-word");
    var count = pacer.querySelector(".pacer-count");
    var announce = pacer.querySelector(".pacer-announce");
    var start = pacer.querySelector(".pacer-start");
    var pause = pacer.querySelector(".pacer-pause");
    var stop = pacer.querySelector(".pacer-stop");
    var still = pacer.querySelector(".pacer-still");
    var reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
    var limitSeconds = parseInt(pacer.dataset.seconds || "0", 10);
    var limitRounds = parseInt(pacer.dataset.rounds || "0", 10);

    live.hidden = false;
    guide.classList.add("muted");
    if (reduced.matches) still.checked = true;

    var timer = null, phase = 0, left = 0, elapsed = 0, rounds = 0, running = false;

    function phases() {
      var chosen = form.querySelector('input[name="pattern"]:checked') || form.querySelector('input[name="pattern"]');
      return chosen.dataset.phases.split(",").map(function (n) { return parseInt(n, 10); });
    }
    function motion() { return !still.checked && !reduced.matches; }

    function enterPhase() {
      var p = phases();
      while (p[phase] === 0) phase = (phase + 1) % 4;
      left = p[phase];
      word.textContent = WORDS[phase];
      announce.textContent = WORDS[phase];
      count.textContent = String(left);
      stage.classList.toggle("still", !motion());
      circle.style.transitionDuration = motion() ? p[phase] + "s" : "0s";
      stage.dataset.phase = ["in", "hold-in", "out", "hold-out"][phase];
    }

    function tick() {
      elapsed += 1;
      left -= 1;
      if (left > 0) { count.textContent = String(left); return; }
      phase = (phase + 1) % 4;
      var p = phases();
      while (p[phase] === 0) phase = (phase + 1) % 4;
      if (phase === 0) rounds += 1;
      if ((limitSeconds && elapsed >= limitSeconds && phase === 0) || (limitRounds && rounds >= limitRounds)) {
        finish("Well done. Take a moment before you go on.");
        return;
      }
      enterPhase();
    }

    function run() {
      running = true;
      timer = window.setInterval(tick, 1000);
      start.disabled = true; pause.disabled = false; stop.disabled = false;
      pause.textContent = "Pause";
    }

    function finish(message) {
      window.clearInterval(timer);
      timer = null; running = false;
      stage.dataset.phase = "";
      word.textContent = message;
      count.textContent = "";
      announce.textContent = message;
      start.disabled = false; pause.disabled = true; stop.disabled = true;
      start.textContent = "Start again";
    }

    start.addEventListener("click", function () {
      phase = 0; elapsed = 0; rounds = 0;
      enterPhase();
      run();
    });
    pause.addEventListener("click", function () {
      if (running) {
        window.clearInterval(timer); timer = null; running = false;
        pause.textContent = "Resume";
        announce.textContent = "Paused";
        stage.classList.add("paused");
      } else {
        stage.classList.remove("paused");
        announce.textContent = WORDS[phase];
        run();
      }
    });
    stop.addEventListener("click", function () { finish("Stopped. Breathe normally."); });
    still.addEventListener("change", function () {
      stage.classList.toggle("still", !motion());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pacer]"), setup);
  });
})();
