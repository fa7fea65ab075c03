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
