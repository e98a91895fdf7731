// Turns each step's "N minutes" into a start button with a countdown. Without JavaScript
// the minutes are shown as plain text.
(function () {
  "use strict";
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  document.querySelectorAll(".minutes[data-minutes]").forEach(function (label) {
    var total = parseInt(label.getAttribute("data-minutes"), 10) * 60;
    if (!total) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary timer-button";
    button.textContent = "Start " + label.textContent;
    var timer = null, left = total;
    button.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; button.textContent = "Resume (" + format(left) + ")"; return; }
      timer = setInterval(function () {
        left -= 1;
        button.textContent = format(Math.max(left, 0)) + " left";
        button.classList.add("timer-running");
        if (left <= 0) {
          clearInterval(timer); timer = null;
          button.classList.remove("timer-running"); button.classList.add("timer-done");
          button.textContent = "Time is up";
        }
      }, 1000);
      button.textContent = format(left) + " left";
    });
    button.setAttribute("aria-live", "off");
    label.replaceWith(button);
  });
})();
