// Small behaviours that need no inline script (CSP forbids inline code).
document.addEventListener("DOMContentLoaded", function () {
  // Text inputs in filter forms submit on Enter via the form itself; selects submit on change (hx-trigger).
  document.querySelectorAll("form.filter-form input[type=text]").forEach(function (input) {
    input.setAttribute("autocomplete", "off");
  });
});

// Forms marked data-once: the first submit disables their buttons, so a double click cannot post twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-once")) return;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
}, true);

// Select-all checkbox of bulk tables.
document.addEventListener("change", function (event) {
  if (event.target.id !== "select-all") return;
  document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = event.target.checked; });
});

// Draft safety net: what is typed into a form with data-draft-key is kept in this browser until the
// server has saved it, so a session timeout or a closed tab loses nothing.
(function () {
  function fieldsOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "hidden" && el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      out[el.name] = el.value;
    });
    return out;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-draft-key]");
    if (!form || !window.localStorage) return;
    var key = "draft:" + form.dataset.draftKey;
    var stored = localStorage.getItem(key);
    var banner = document.getElementById("draft-restore");
    if (stored && banner && JSON.stringify(fieldsOf(form)) !== JSON.parse(stored).fields_json) {
      banner.classList.remove("d-none");
      document.getElementById("draft-restore-button").addEventListener("click", function () {
        var data = JSON.parse(JSON.parse(stored).fields_json);
        Object.keys(data).forEach(function (name) {
          var el = form.elements[name];
          if (el && el.type !== "checkbox") el.value = data[name];
        });
        banner.classList.add("d-none");
      });
      document.getElementById("draft-discard-button").addEventListener("click", function () {
        localStorage.removeItem(key);
        banner.classList.add("d-none");
      });
    }
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        localStorage.setItem(key, JSON.stringify({ at: Date.now(), fields_json: JSON.stringify(fieldsOf(form)) }));
      }, 500);
    });
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
    document.body.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.elt === form && e.detail.successful && /已自动保存/.test(e.detail.xhr.responseText)) localStorage.removeItem(key);
    });
  });
})();
