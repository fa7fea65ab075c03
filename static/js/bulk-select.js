// "Отметить всех на странице" for bank lists: a header checkbox with
// data-bulk-all="NAME" ticks every checkbox named NAME on the page.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-bulk-all]");
  if (!all) return;
  const name = all.dataset.bulkAll;
  document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
