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

// Client type-ahead: picking a match fills the hidden client field of the order form.
(function () {
  "use strict";
  function pick(option) {
    var results = option.closest("[id]");
    var search = document.querySelector("[data-typeahead-for]");
    if (!search) return;
    document.getElementById(search.dataset.typeaheadFor).value = option.dataset.clientId;
    search.value = option.dataset.clientName;
    if (results) results.innerHTML = "";
    search.focus();
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-client-id]");
    if (option) pick(option);
  });
  document.addEventListener("keydown", function (event) {
    var option = event.target.closest && event.target.closest("[data-client-id]");
    if (option && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      pick(option);
    }
  });
})();

// A client created in the order form's dialog is chosen for the order (event sent by the server via HX-Trigger).
(function () {
  "use strict";
  function fillIfEmpty(name, value) {
    var input = document.querySelector("input[name='" + name + "']");
    if (input && !input.value && value) input.value = value;
  }
  document.addEventListener("clientCreated", function (event) {
    var created = event.detail;
    var search = document.querySelector("[data-typeahead-for]");
    if (!search) return;
    document.getElementById(search.dataset.typeaheadFor).value = created.id;
    search.value = created.name;
    fillIfEmpty("contact_name", created.contactName);
    fillIfEmpty("contact_email", created.contactEmail);
    var notice = document.getElementById("client-created");
    if (notice) notice.textContent = created.message;
    var dialog = document.getElementById("new-client-dialog");
    if (dialog && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(dialog).hide();
    search.focus();
  });
})();
