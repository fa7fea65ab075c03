// Builder: drag and drop of questions within a section, and showing only the
// fields that matter for the chosen question kind / audience kind.
(function () {
  "use strict";
  function csrf() {
    // The CSRF cookie is HttpOnly (and named __Host-csrftoken in production):
    // the token comes from the page, where base.html gives it to htmx.
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }
  document.querySelectorAll(".question-list[data-reorder-url]").forEach(function (list) {
    var dragged = null;
    list.addEventListener("dragstart", function (e) {
      dragged = e.target.closest("li[data-id]");
      if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; }
    });
    list.addEventListener("dragover", function (e) {
      if (!dragged) return;
      e.preventDefault();
      var over = e.target.closest("li[data-id]");
      if (!over || over === dragged || over.parentNode !== list) return;
      var rect = over.getBoundingClientRect();
      var after = e.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      var body = new URLSearchParams();
      list.querySelectorAll("li[data-id]").forEach(function (li) { body.append("ids", li.dataset.id); });
      var status = document.getElementById("reorder-status");
      fetch(list.dataset.reorderUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf() }
      }).then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
        .then(function (res) {
          if (status) { status.textContent = res[1]; status.className = "small mb-3 " + (res[0] ? "text-success" : "text-danger"); }
          // A fork to a new version changes ids: reload to show the truth.
          window.setTimeout(function () { window.location.reload(); }, 600);
        });
    });
  });

  function toggle(selectName, attr) {
    var inputs = document.querySelectorAll("[name=" + selectName + "]");
    if (!inputs.length) return;
    function current() {
      var value = "";
      inputs.forEach(function (i) {
        if (i.tagName === "SELECT" || i.checked) value = i.value;
      });
      return value;
    }
    function apply() {
      var value = current();
      document.querySelectorAll("[" + attr + "]").forEach(function (el) {
        el.hidden = el.getAttribute(attr).split(" ").indexOf(value) === -1;
      });
    }
    inputs.forEach(function (i) { i.addEventListener("change", apply); });
    apply();
  }
  toggle("kind", "data-kinds");
  toggle("audience_kind", "data-audience");
})();
