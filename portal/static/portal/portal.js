// Behaviour shared by all pages. No inline scripts (CSP: script-src 'self').
(function () {
  "use strict";

  function openRow(row, event) {
    if (event && event.target.closest("a, button, input, select, textarea, label")) return;
    window.location.assign(row.dataset.href);
  }

  document.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-href]");
    if (row) openRow(row, event);
  });
  document.addEventListener("dblclick", function (event) {
    var row = event.target.closest("tr[data-href]");
    if (row) openRow(row, event);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var row = event.target.closest && event.target.closest("tr[data-href]");
    if (row && event.target === row) openRow(row, event);
  });

  // Forms or buttons with data-confirm ask before destructive or final actions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
