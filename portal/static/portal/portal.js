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

// Choosing the order's client: a type-ahead match, or a client just created in the order form's dialog
// (event sent by the server via HX-Trigger). Either fills the hidden client field and the search box.
// A match from another member's clients is never chosen directly: it opens the dialog prefilled with
// its name and address, and the member saves their own client from it.
(function () {
  "use strict";
  function chooseClient(id, name) {
    var search = document.querySelector("[data-typeahead-for]");
    if (!search) return null;
    document.getElementById(search.dataset.typeaheadFor).value = id;
    search.value = name;
    return search;
  }
  function pick(option) {
    var results = option.closest("[id]");
    var search = chooseClient(option.dataset.clientId, option.dataset.clientName);
    if (!search) return;
    if (results) results.innerHTML = "";
    search.focus();
  }
  function takeOver(option) {
    var results = option.closest("[id]");
    var dialog = document.getElementById("new-client-dialog");
    if (!dialog || !window.htmx) return;
    window.htmx.ajax("GET", option.dataset.takeOverUrl, { target: "#new-client-form", swap: "outerHTML" }).then(function () {
      if (results) results.innerHTML = "";
      if (window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(dialog).show();
    });
  }
  function fillIfEmpty(name, value) {
    var input = document.querySelector("input[name='" + name + "']");
    if (input && !input.value && value) input.value = value;
  }
  function choose(option) {
    if (option.dataset.takeOverUrl) takeOver(option);
    else pick(option);
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-client-id], [data-take-over-url]");
    if (option) choose(option);
  });
  document.addEventListener("keydown", function (event) {
    var option = event.target.closest && event.target.closest("[data-client-id], [data-take-over-url]");
    if (option && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      choose(option);
    }
  });
  document.addEventListener("clientCreated", function (event) {
    var created = event.detail;
    var search = chooseClient(created.id, created.name);
    if (!search) return;
    fillIfEmpty("contact_name", created.contactName);
    fillIfEmpty("contact_email", created.contactEmail);
    var notice = document.getElementById("client-created");
    if (notice) notice.textContent = created.message;
    var dialog = document.getElementById("new-client-dialog");
    if (dialog && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(dialog).hide();
    search.focus();
  });
})();
