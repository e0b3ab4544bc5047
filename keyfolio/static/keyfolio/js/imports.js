// The import log: undoing an import asks first. Delegated, because the log's status
// part is swapped in by htmx when the worker is done.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-kf-confirm]");
  if (form && !window.confirm(form.dataset.kfConfirm)) event.preventDefault();
});
