// Bank lists. "Отметить всех на странице": a header checkbox with
// data-bulk-all="NAME" ticks every checkbox named NAME on the page.
// "Выбрать все N по текущему фильтру": a checkbox with data-bulk-scope="NAME"
// ticks the page's boxes too (the server takes everyone the filter matches,
// not the ticked ids); unticking a row leaves the "all by filter" choice.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-bulk-all]");
  const scope = event.target.closest("[data-bulk-scope]");
  const source = all || scope;
  if (source) {
    const name = all ? all.dataset.bulkAll : scope.dataset.bulkScope;
    document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
      box.checked = source.checked;
    });
    if (all && !all.checked) {
      document.querySelectorAll(`[data-bulk-scope="${name}"]`).forEach((box) => {
        box.checked = false;
      });
    }
    return;
  }
  const box = event.target;
  if (box.type === "checkbox" && !box.checked) {
    document.querySelectorAll(`[data-bulk-scope="${box.name}"]`).forEach((s) => {
      s.checked = false;
    });
  }
});
