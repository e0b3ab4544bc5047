// The brief's print view: the toolbar's Print button opens the browser's print dialog.
(function () {
  "use strict";
  const button = document.getElementById("brief-print");
  if (button) button.addEventListener("click", () => window.print());
})();
