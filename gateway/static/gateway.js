/* The gateway's small improvements when JavaScript runs. Every page works without them:
 * each behaviour below only adds to what the HTML already says. No inline script (CSP
 * script-src 'self'); nothing here sends anything anywhere.
 *
 * 1. Conditional questions: a field marked data-show-if="other_field" with
 *    data-show-if-values="v1 v2" is hidden (and its controls disabled, so nothing of it is
 *    sent) unless other_field holds one of the values. Without JavaScript it stays visible,
 *    marked as answered only if it applies; the server ignores it either way.
 * 2. Progress: a form marked data-progress disables its buttons once sent (no double
 *    sending) and says, in its data-progress-status element, that it is sending and can
 *    take minutes over Tor.
 * 3. Session end: the case page's #session-end note carries the seconds left; a warning is
 *    shown data-warn-seconds before the end, and updated every minute, in the page's
 *    language (the note carries each sentence: data-warn-<minutes left>, data-ended).
 */
(function () {
  "use strict";

  function chosenValues(form, name) {
    var values = [];
    var controls = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((c.type === "radio" || c.type === "checkbox") ? c.checked : c.value) {
        values.push(c.value);
      }
    }
    return values;
  }

  function applyConditions(form) {
    var fields = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var wanted = (field.dataset.showIfValues || "").split(" ");
      var chosen = chosenValues(form, field.dataset.showIf);
      var applies = chosen.some(function (v) { return wanted.indexOf(v) >= 0; });
      field.hidden = !applies;
      var controls = field.querySelectorAll("input, select, textarea");
      for (var j = 0; j < controls.length; j++) { controls[j].disabled = !applies; }
      var marker = field.querySelector("[data-when-shown]");
      if (marker) { marker.textContent = marker.dataset.whenShown; }
      var note = field.querySelector(".condition");
      if (note) { note.hidden = true; }
    }
  }

  function conditions() {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      if (!forms[i].querySelector("[data-show-if]")) { continue; }
      (function (form) {
        applyConditions(form);
        form.addEventListener("change", function () { applyConditions(form); });
      })(forms[i]);
    }
  }

  function progress() {
    var forms = document.querySelectorAll("form[data-progress]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function (event) {
        var form = event.currentTarget;
        if (form.dataset.sending === "1") { event.preventDefault(); return; }
        form.dataset.sending = "1";
        var status = form.querySelector("[data-progress-status]");
        if (status) {
          status.textContent = status.dataset.progressStatus;
          status.classList.add("sending");
        }
        // Disabled after this event, once the browser has built what it sends.
        setTimeout(function () {
          var buttons = form.querySelectorAll("button");
          for (var j = 0; j < buttons.length; j++) {
            buttons[j].disabled = true;
            buttons[j].setAttribute("aria-disabled", "true");
          }
        }, 0);
      });
    }
    // Coming Back to a page kept in memory: it can be sent again.
    window.addEventListener("pageshow", function () {
      for (var i = 0; i < forms.length; i++) {
        forms[i].dataset.sending = "";
        var buttons = forms[i].querySelectorAll("button");
        for (var j = 0; j < buttons.length; j++) {
          buttons[j].disabled = false;
          buttons[j].removeAttribute("aria-disabled");
        }
      }
    });
  }

  function sessionWarning() {
    var note = document.getElementById("session-end");
    var warning = document.getElementById("session-warning");
    if (!note || !warning) { return; }
    var left = parseInt(note.dataset.secondsLeft, 10);
    var warnAt = parseInt(note.dataset.warnSeconds, 10);
    if (isNaN(left) || isNaN(warnAt)) { return; }
    var started = Date.now();
    function show() {
      var ms = left * 1000 - (Date.now() - started);
      var minutes = Math.max(0, Math.ceil(ms / 60000));
      // The page carries the translated sentences: data-warn-<minutes> and data-ended.
      var text = ms > 0 ? note.getAttribute("data-warn-" + minutes) : note.dataset.ended;
      warning.textContent = text || note.dataset.ended || "";
      warning.hidden = false;
    }
    setTimeout(function () {
      show();
      setInterval(show, 60000);
    }, Math.max(0, (left - warnAt) * 1000));
  }

  function start() {
    conditions();
    progress();
    sessionWarning();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
