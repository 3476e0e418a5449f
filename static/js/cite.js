// "Copy" beside the source line: shown only when scripts run (without them the line is plain
// selectable text), it puts the line on the clipboard and says so.
(function () {
  "use strict";

  function wire(button) {
    if (button.dataset.wired || !navigator.clipboard) return;
    button.dataset.wired = "1";
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = button.dataset.copied;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  }
  function wireAll() {
    document.querySelectorAll("[data-copy]").forEach(wire);
  }
  document.addEventListener("DOMContentLoaded", wireAll);
  document.addEventListener("htmx:afterSettle", wireAll);
})();
