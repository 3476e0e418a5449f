// Keyboard help for the moderation queue, and the timeline's print button. No inline script:
// the Content-Security-Policy forbids it. Everything here is an enhancement; forms work without.
(function () {
  "use strict";

  // After an htmx action, focus the item's status line so screen readers and keyboard users
  // land on the result instead of the top of the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    // With an outerHTML swap the event's target is the element that was replaced: find the
    // new one by its id.
    var old = event.detail.target;
    // The send-back form, just loaded into its item: straight to the reason.
    var loaded = old && old.querySelector ? old.querySelector("[data-send-back] select") : null;
    if (loaded) {
      loaded.focus();
      return;
    }
    var item = old && old.id ? document.getElementById(old.id) : null;
    var status = item && item.querySelector("[data-item-status]");
    if (status && status.textContent.trim()) {
      status.focus();
    }
  });

  // j / k move between queue items; a approves the current one; r opens its send-back form
  // (or focuses its reason list when it is open).
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
  }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-queue-item]") : null;
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var list = items();
    if (!list.length) return;
    var here = current();
    var index = here ? list.indexOf(here) : -1;
    if (event.key === "j" || event.key === "k") {
      var next = list[Math.max(0, Math.min(list.length - 1, index + (event.key === "j" ? 1 : -1)))];
      var link = next.querySelector("h3 a");
      if (link) { link.focus(); next.scrollIntoView({ block: "nearest" }); }
      event.preventDefault();
    } else if (here && event.key === "a") {
      // Parts flagged as maybe personal need a tick first: a lands on it instead of approving
      // (the server refuses an approval without it either way).
      var check = here.querySelector("[data-suspects-check]");
      var approve = here.querySelector("[data-action=approve]");
      if (check && !check.checked) { check.focus(); event.preventDefault(); }
      else if (approve) { approve.click(); event.preventDefault(); }
    } else if (here && event.key === "r") {
      var reason = here.querySelector(".send-back-form select");
      var open = here.querySelector("[data-action=send-back]");
      if (reason) { reason.focus(); event.preventDefault(); }
      else if (open) { open.click(); event.preventDefault(); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-print]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    }
  });
})();
