// Autosave of a form marked data-autosave (the achievement edit page): the form posts itself
// through htmx (hx-trigger="autosave") only when what it holds differs from what it last sent —
// a moment after a change, and at most once a minute for typing that fired no change event.
// An idle page sends nothing, so it never keeps an idle session alive (the session ends after
// SESSION_IDLE_MINUTES; what was typed is also kept in this browser by app.js's draft safety net).
(function () {
  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      parts.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.htmx) return;
    var sent = snapshot(form);
    var pending = null;

    function saveIfChanged() {
      var now = snapshot(form);
      if (now === sent) return;
      sent = now;
      window.htmx.trigger(form, "autosave");
    }

    form.addEventListener("change", function () {
      clearTimeout(pending);
      pending = setTimeout(saveIfChanged, 1500);
    });
    setInterval(saveIfChanged, (parseInt(form.dataset.autosaveSeconds, 10) || 60) * 1000);

    form.addEventListener("htmx:afterRequest", function (event) {
      // Not delivered (network, server error): try again at the next round.
      if (!event.detail.successful) sent = null;
    });
    form.addEventListener("htmx:beforeSwap", function (event) {
      // The session has ended: the answer is the login page, which must not land in the status line.
      if (/\/accounts\/login\//.test(event.detail.xhr.responseURL || "")) {
        event.detail.shouldSwap = false;
        var status = document.getElementById("autosave-status");
        if (status) status.textContent = form.dataset.autosaveExpired || "";
      }
    });
  });
})();
