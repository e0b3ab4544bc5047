// Ask before a form that cannot be undone, and copy a one-time link (the members page,
// the calendar feed page, the sessions page).
(function () {
  "use strict";

  for (const form of document.querySelectorAll("form[data-kf-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.kfConfirm)) event.preventDefault();
    });
  }

  for (const button of document.querySelectorAll("[data-kf-copy]")) {
    button.addEventListener("click", () => {
      const input = document.querySelector(button.dataset.kfCopy);
      input.select();
      navigator.clipboard.writeText(input.value).then(() => {
        button.textContent = button.dataset.kfCopied;
      });
    });
  }
})();
