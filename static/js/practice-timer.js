// The real-time resilience timer: a visible countdown, with a polite live region that speaks
// only at milestones (start, each half minute, ten seconds left, time is up).
(function () {
  "use strict";

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setup(box) {
    var total = parseInt(box.dataset.seconds || "120", 10);
    var live = box.querySelector(".timer-live");
    var face = box.querySelector(".timer-clock");
    var announce = box.querySelector(".timer-announce");
    var start = box.querySelector(".timer-start");
    var timer = null;
    live.hidden = false;
    face.textContent = clock(total);

    start.addEventListener("click", function () {
      var left = total;
      window.clearInterval(timer);
      face.textContent = clock(left);
      announce.textContent = "Timer started: " + total + " seconds.";
      start.textContent = "Restart the timer";
      var first = box.closest("fieldset").querySelector("textarea");
      if (first) first.focus();
      timer = window.setInterval(function () {
        left -= 1;
        face.textContent = clock(Math.max(left, 0));
        if (left <= 0) {
          window.clearInterval(timer);
          face.classList.add("done");
          announce.textContent = "Time is up. Finish your sentence, then save.";
        } else if (left === 10) {
          announce.textContent = "Ten seconds left.";
        } else if (left % 30 === 0) {
          announce.textContent = left + " seconds left.";
        }
      }, 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer]"), setup);
  });
})();
