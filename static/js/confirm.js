// Forms with data-confirm="Вопрос?" ask before they are sent (no inline
// handlers: the Content-Security-Policy forbids them).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
