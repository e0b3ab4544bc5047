// The competitors page: ask before deleting one.
(function () {
  "use strict";

  for (const form of document.querySelectorAll("form[data-kf-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.kfConfirm)) event.preventDefault();
    });
  }
})();
