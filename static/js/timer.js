// "I'm on hold now": a timer on the journey page that records a step with the minutes it
// measured. It keeps its start in localStorage, so a reload (or a closed tab) does not lose it.
// Without JavaScript the timer stays hidden and the plain add-step form is all there is.
(function () {
  "use strict";

  function key(box) {
    return "frictionlog:timer:" + box.dataset.journey;
  }
  function started(box) {
    var value = Number(window.localStorage.getItem(key(box)));
    return value > 0 ? value : null;
  }
  function show(box) {
    var since = started(box);
    var display = box.querySelector("[data-timer-elapsed]");
    box.querySelector("[data-timer-start]").hidden = since !== null;
    box.querySelector("[data-timer-running]").hidden = since === null;
    if (since !== null) {
      var seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var minutes = Math.floor(seconds / 60);
      display.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
    }
  }
  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-timer]"));
  }
  function wire(box) {
    if (box.dataset.wired) return;
    box.dataset.wired = "1";
    box.hidden = false;
    show(box);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-timer-action]");
    if (!button) return;
    var box = button.closest("[data-timer]");
    var action = button.dataset.timerAction;
    if (action === "start") {
      window.localStorage.setItem(key(box), String(Date.now()));
    } else if (action === "cancel") {
      window.localStorage.removeItem(key(box));
    } else if (action === "stop") {
      var minutes = Math.max(1, Math.ceil((Date.now() - started(box)) / 60000));
      window.localStorage.removeItem(key(box));
      record(box.dataset.kind, box.dataset.channel, minutes);
    }
    show(box);
  });

  // Fill the add-step form: the kind (its fields swap in through htmx), then the minutes, then
  // send it. The channel stays what the form already says (the last step's, or the one chosen);
  // on a journey's first step, a hold is on the phone.
  function record(kind, channel, minutes) {
    var select = document.getElementById("add-kind");
    var fill = function () {
      var field = document.getElementById("add-minutes");
      if (field) field.value = String(minutes);
      var channels = document.getElementById("add-channel");
      if (channels && !channels.value) channels.value = channel;
      var form = document.getElementById("add-step-form");
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    };
    if (select.value === kind && document.getElementById("add-minutes")) {
      fill();
      return;
    }
    document.body.addEventListener("htmx:afterSettle", function once() {
      if (!document.getElementById("add-minutes")) return;
      document.body.removeEventListener("htmx:afterSettle", once);
      fill();
    });
    select.value = kind;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("DOMContentLoaded", function () { boxes().forEach(wire); });
  // The step log (and with it the timer) is swapped in anew after every change.
  document.addEventListener("htmx:afterSettle", function () { boxes().forEach(wire); });
  window.setInterval(function () { boxes().forEach(show); }, 1000);
})();
