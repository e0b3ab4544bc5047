// The members page: ask before removing someone, and copy a set-password link.
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
