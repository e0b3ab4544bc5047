// The account plan tab: inline editing with htmx and the Trix editor.
// Everything works without this file too; it only adds keyboard comfort and
// keeps Trix to text (answers store no files).
(function () {
  "use strict";

  // Answers are text: refuse files dropped or pasted into the editor.
  document.addEventListener("trix-file-accept", (event) => event.preventDefault());

  // Trix copies its HTML into the form's field on the next animation frame; a quick
  // save (Ctrl+Enter right after typing) would post the text without the last keys.
  // Copy it now, before htmx (listening on the form) reads the fields.
  document.addEventListener(
    "submit",
    (event) => {
      for (const editor of event.target.querySelectorAll("trix-editor")) {
        const controller = editor.editorController;
        if (controller && controller.updateInputElement) controller.updateInputElement();
      }
    },
    true,
  );

  // "Cancel" on a row that was never saved drops the row instead of loading a page.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-kf-remove-row]");
    if (!link) return;
    event.preventDefault();
    link.closest("tr").remove();
  });

  document.addEventListener("keydown", (event) => {
    const editing = event.target.closest && event.target.closest(".kf-editing");
    if (!editing) return;
    // Esc cancels an inline edit, Ctrl/Cmd+Enter saves it.
    if (event.key === "Escape") {
      const cancel = editing.querySelector("[data-kf-cancel]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const form = event.target.closest("form");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    }
  });

  // A new or edited row puts the cursor in its first field.
  document.addEventListener("htmx:load", (event) => {
    const row = event.detail.elt;
    if (!row.matches || !row.matches(".kf-edit-row")) return;
    const field = row.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus();
  });
})();
