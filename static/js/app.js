// Small behaviours that need no inline script (CSP forbids inline code).
document.addEventListener("DOMContentLoaded", function () {
  // Text inputs in filter forms submit on Enter via the form itself; selects submit on change (hx-trigger).
  document.querySelectorAll("form.filter-form input[type=text]").forEach(function (input) {
    input.setAttribute("autocomplete", "off");
  });
});
