// "Копировать": a button with data-copy-target="ID" copies the value of the
// input with that id and says so on the button for two seconds.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copyTarget);
  if (!input) return;
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (error) {
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Скопировано";
  setTimeout(() => { button.textContent = label; }, 2000);
});
