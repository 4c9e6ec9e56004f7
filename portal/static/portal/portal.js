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
  // A form sent once is not sent again by a second click: further submits are ignored and its submit
  // buttons are disabled just after the browser took their values (a disabled button sends no name).
  // Forms that htmx sends itself (it cancels the event first) and GET forms (filters) are left alone;
  // the buttons come back when the page is shown again (back button) or after a while (a download).
  var SENDING = "data-sending";
  function release(form) {
    form.removeAttribute(SENDING);
    form.querySelectorAll("[data-disabled-on-send]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-disabled-on-send");
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute(SENDING)) {
      event.preventDefault();
      return;
    }
    var message = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    // data-confirm-when-filled="<field name>": ask only once the field is filled in (a reason); the
    // server answers an empty one with its message next to the field.
    var needed = form.dataset.confirmWhenFilled && form.elements[form.dataset.confirmWhenFilled];
    if (needed && !String(needed.value || "").trim()) message = "";
    if (message && !window.confirm(message)) event.preventDefault();
    if (event.defaultPrevented || (form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    form.setAttribute(SENDING, "");
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (button) {
        if (button.disabled) return;
        button.disabled = true;
        button.setAttribute("data-disabled-on-send", "");
      });
    }, 0);
    window.setTimeout(function () { release(form); }, 15000);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[" + SENDING + "]").forEach(release);
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
    search.dispatchEvent(new CustomEvent("clientChosen", { bubbles: true, detail: { id: id } }));
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

// Forms for many rows (order lines, planned invoices, contact persons, invoice lines; core/formset.html):
// "add" copies the row <template>, "remove" takes a new row out or marks a stored one for deletion, and
// the formset's TOTAL_FORMS follows, so the server sees exactly the rows on the page and stays the one
// that validates them. Without JavaScript the page shows one empty row and a "remove" checkbox per row.
(function () {
  "use strict";

  function management(box, name) {
    return box.querySelector("input[name='" + box.dataset.formset + "-" + name + "']");
  }
  function rowsOf(box) {
    return Array.prototype.slice.call(box.querySelector("[data-formset-rows]").children);
  }
  function indexOf(box, row) {
    var start = box.dataset.formset + "-";
    var input = row.querySelector("[name^='" + start + "']");
    var match = input && input.name.slice(start.length).match(/^(\d+)-/);
    return match ? parseInt(match[1], 10) : -1;
  }
  // Renames the row's fields from index `from` to `to` (names, ids, labels, error references).
  function renumber(box, row, from, to) {
    var old = box.dataset.formset + "-" + from + "-";
    var now = box.dataset.formset + "-" + to + "-";
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value && value.indexOf(old) !== -1) element.setAttribute(attribute, value.split(old).join(now));
      });
    });
  }
  function visibleRows(box) {
    return rowsOf(box).filter(function (row) { return !row.hidden; });
  }
  function number(box) {
    visibleRows(box).forEach(function (row, position) {
      row.querySelectorAll("[data-row-number]").forEach(function (element) {
        element.textContent = String(position + 1);
      });
    });
  }
  function announce(box, text) {
    var status = box.querySelector("[data-formset-status]");
    if (status) status.textContent = text || "";
  }
  function changed(box) {
    box.dispatchEvent(new Event("change", { bubbles: true })); // e.g. the order form's live totals
  }
  function enhanceRow(row) {
    row.querySelectorAll("[data-formset-delete]").forEach(function (check) { check.hidden = true; });
    row.querySelectorAll("[data-formset-remove]").forEach(function (button) { button.hidden = false; });
    var deleted = row.querySelector("input[name$='-DELETE']");
    if (deleted && deleted.checked) row.hidden = true; // removed before the page came back with errors
  }
  function enhance(root) {
    root.querySelectorAll("[data-formset]:not([data-formset-ready])").forEach(function (box) {
      box.dataset.formsetReady = "";
      rowsOf(box).forEach(enhanceRow);
      box.querySelectorAll("[data-formset-add]").forEach(function (button) { button.hidden = false; });
      number(box);
    });
  }

  function add(box) {
    var total = management(box, "TOTAL_FORMS");
    var max = management(box, "MAX_NUM_FORMS");
    var count = parseInt(total.value, 10) || 0;
    if (max && count >= parseInt(max.value, 10)) {
      announce(box, box.dataset.formsetFull);
      return;
    }
    var template = box.querySelector("template[data-formset-template]");
    var row = template.content.firstElementChild.cloneNode(true);
    renumber(box, row, "__prefix__", count);
    box.querySelector("[data-formset-rows]").appendChild(row);
    total.value = String(count + 1);
    enhanceRow(row);
    number(box);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
    announce(box, box.dataset.formsetAdded);
  }

  function remove(box, row) {
    var index = indexOf(box, row);
    if (index < 0) return;
    var initial = parseInt(management(box, "INITIAL_FORMS").value, 10) || 0;
    var visible = visibleRows(box);
    var position = visible.indexOf(row);
    if (index < initial) {
      var deleted = row.querySelector("input[name$='-DELETE']");
      if (!deleted) return;
      deleted.checked = true; // a stored row: the server deletes it on save
      row.hidden = true;
    } else {
      // A new row leaves the page; the rows after it move up one index so none is missing.
      var total = management(box, "TOTAL_FORMS");
      rowsOf(box).forEach(function (other) {
        var otherIndex = indexOf(box, other);
        if (otherIndex > index) renumber(box, other, otherIndex, otherIndex - 1);
      });
      row.remove();
      total.value = String(Math.max(0, (parseInt(total.value, 10) || 1) - 1));
    }
    number(box);
    announce(box, box.dataset.formsetRemoved);
    changed(box);
    // Focus goes to the next row's remove button, else the previous one's, else to "add".
    var rest = visibleRows(box);
    var target = rest[Math.min(position, rest.length - 1)];
    var focus = (target && target.querySelector("[data-formset-remove]")) || box.querySelector("[data-formset-add]");
    if (focus) focus.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add], [data-formset-remove]");
    if (!button) return;
    var box = button.closest("[data-formset]");
    if (!box) return;
    if (button.hasAttribute("data-formset-add")) add(box);
    else remove(box, button.closest("[data-formset-row]"));
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  // Forms swapped in by htmx (the order form's new-client dialog) are enhanced too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();

// The order form's contact person: choosing a client offers that client's contact persons (JSON from
// the member's own clients only) and fills in the first one while the contact fields are empty or
// still hold what was filled in for the previous client; the member can pick another one or type.
(function () {
  "use strict";
  var box = document.getElementById("contact-choice-box");
  if (!box) return;
  var select = box.querySelector("select");
  var name = document.querySelector("input[name='contact_name']");
  var email = document.querySelector("input[name='contact_email']");
  if (!select || !name || !email) return;

  function untouched() {
    return [name, email].every(function (input) {
      return !input.value || input.value === input.dataset.filledIn;
    });
  }
  function fill(option, text) {
    name.value = option.dataset.name || "";
    email.value = option.dataset.email || "";
    name.dataset.filledIn = name.value;
    email.dataset.filledIn = email.value;
    var status = document.getElementById("contact-choice-status");
    if (status && text) status.textContent = text;
  }
  // The option that matches the contact fields as they are (a stored order, or a client just created).
  function markCurrent() {
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (index && option.dataset.name === name.value && (option.dataset.email || "") === email.value) {
        select.selectedIndex = index;
        name.dataset.filledIn = name.value;
        email.dataset.filledIn = email.value;
      }
    });
  }
  function show(contacts) {
    var prefill = untouched();
    while (select.options.length > 1) select.remove(1);
    contacts.forEach(function (contact) {
      var option = new Option(contact.email ? contact.name + " · " + contact.email : contact.name, contact.id);
      option.dataset.name = contact.name;
      option.dataset.email = contact.email || "";
      select.add(option);
    });
    select.selectedIndex = 0;
    box.hidden = contacts.length === 0;
    if (prefill && contacts.length) {
      select.selectedIndex = 1;
      fill(select.options[1], box.dataset.prefilledText);
    } else {
      markCurrent();
    }
  }
  select.addEventListener("change", function () {
    if (select.selectedIndex > 0) fill(select.options[select.selectedIndex], "");
  });
  document.addEventListener("clientChosen", function (event) {
    var url = box.dataset.contactsUrl.replace("/0/", "/" + encodeURIComponent(event.detail.id) + "/");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { contacts: [] }; })
      .then(function (data) { show(data.contacts || []); })
      .catch(function () { show([]); });
  });
  box.hidden = select.options.length < 2;
  markCurrent();
})();

// Parts of a form that matter for one choice only: data-shown-when="<select id>=<value>". Without
// JavaScript they stay visible; the server checks them either way.
(function () {
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var rule = part.dataset.shownWhen.split("=");
    var select = document.getElementById(rule[0]);
    if (!select) return;
    function update() {
      var shown = select.value === rule[1] || part.querySelector(".is-invalid") !== null;
      part.hidden = !shown;
    }
    select.addEventListener("change", update);
    update();
  });
})();
