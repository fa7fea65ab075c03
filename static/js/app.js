// Behaviour the templates ask for through data-* attributes, so that no page
// needs inline JavaScript (the Content-Security-Policy forbids it):
//   <form data-confirm="Удалить?">       asks before submitting;
//   <form data-no-submit>                never submits (previews);
//   <select data-autosubmit>             submits its form on change;
//   <input data-select-on-focus>         selects its text on focus;
//   <form data-busy="Проверяем файл…">   on submit disables its [data-busy-button],
//        shows the button's spinner, sets the button's .label text and the text of
//        the element named by data-busy-status; a second submit is ignored.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.noSubmit !== undefined) { event.preventDefault(); return; }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.busy !== undefined) {
      var button = form.querySelector("[data-busy-button]");
      if (!button) return;
      if (button.disabled) { event.preventDefault(); return; }
      button.disabled = true;
      var spinner = button.querySelector(".spinner-border");
      if (spinner) spinner.classList.remove("d-none");
      var label = button.querySelector(".label");
      if (label && form.dataset.busy) label.textContent = form.dataset.busy;
      var status = form.dataset.busyStatus && document.getElementById(form.dataset.busyStatus);
      if (status) status.textContent = form.dataset.busy;
    }
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-select-on-focus]")) el.select();
  });
})();

// Shared behaviour of every signed-in page (loaded from base.html).
// A table that scrolls inside its own box must be reachable from the keyboard
// (WCAG 2.1.1): the box becomes a focusable, named region.
(function () {
  "use strict";
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.hasAttribute("tabindex")) {
      return;
    }
    var caption = box.querySelector("caption");
    var table = box.querySelector("table");
    var name = table && table.getAttribute("aria-label");
    if (!name && caption) {
      name = caption.textContent.trim();
    }
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name || "Таблица");
  });
})();
