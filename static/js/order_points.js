// The points of an order: add and remove rows, keep the numbering.
// Without JavaScript the form still works (one empty row is always there).
(function () {
  "use strict";
  document.querySelectorAll(".order-points").forEach(function (box) {
    var list = box.querySelector("[data-points]");
    var add = box.querySelector("[data-add-point]");

    function renumber() {
      var rows = list.querySelectorAll(".order-point");
      rows.forEach(function (row, i) {
        var n = i + 1;
        row.querySelector(".order-point-number").textContent = n + ".";
        row.querySelector("textarea").setAttribute("aria-label", "Пункт " + n);
        row.querySelector("[data-remove-point]").setAttribute("aria-label", "Удалить пункт " + n);
        row.querySelector("[data-remove-point]").hidden = rows.length === 1;
      });
    }

    function addRow(after) {
      var template = list.querySelector(".order-point");
      var row = template.cloneNode(true);
      row.querySelector("textarea").value = "";
      if (after && after.nextSibling) {
        list.insertBefore(row, after.nextSibling);
      } else {
        list.appendChild(row);
      }
      renumber();
      row.querySelector("textarea").focus();
    }

    // With the add button available, the spare empty row is not needed.
    var rows = list.querySelectorAll(".order-point");
    var last = rows[rows.length - 1];
    if (rows.length > 1 && !last.querySelector("textarea").value.trim()) {
      last.remove();
    }
    add.hidden = false;
    add.addEventListener("click", function () { addRow(null); });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-point]");
      if (!button) { return; }
      var row = button.closest(".order-point");
      if (list.querySelectorAll(".order-point").length > 1) {
        row.remove();
        renumber();
      }
    });
    renumber();
  });
})();
