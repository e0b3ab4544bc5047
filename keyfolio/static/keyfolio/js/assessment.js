// The assessment form: each criterion has a slider and a number box kept in sync,
// and a "not assessed" box that disables both. The slider has no name: the number
// box is what is submitted. The live result is computed on the server (htmx posts
// the form to the preview view); nothing here does arithmetic on scores.
(function () {
  "use strict";

  // "85", "85.5" and "85,5" are numbers; anything else is left for the server to refuse.
  function parseScore(text) {
    const value = Number(text.trim().replace(",", "."));
    return text.trim() !== "" && Number.isFinite(value) ? value : null;
  }

  function initCriterion(row) {
    const range = row.querySelector(".kf-score-range");
    const number = row.querySelector(".kf-score-number");
    const notAssessed = row.querySelector(".kf-na");
    const use = row.querySelector("[data-kf-use-score]");

    function refresh() {
      range.disabled = number.disabled = notAssessed.checked;
      const blank = number.value.trim() === "";
      // A blank number also means "not assessed": the slider waits at the middle, dimmed.
      row.classList.toggle("not-assessed", notAssessed.checked || blank);
      const value = parseScore(number.value);
      const readable = value !== null && value >= 0 && value <= 100;
      if (readable) range.value = value;
      else if (blank) range.value = 50;
      // Only a hint while typing: the server checks the value again and says why.
      number.classList.toggle("is-invalid", !blank && !readable && !notAssessed.checked);
      // The hint's button shows whether the score is the one it suggests.
      if (use) {
        use.classList.toggle("active", !notAssessed.checked && value === Number(use.dataset.kfUseScore));
      }
    }

    range.addEventListener("input", function () {
      number.value = range.value;
      refresh();
    });
    number.addEventListener("input", refresh);
    // A hint's "use 75" types the number for the manager: the input event it sends
    // bubbles to the form, so the server recomputes the preview as for any change.
    if (use) {
      use.addEventListener("click", function () {
        notAssessed.checked = false;
        number.value = use.dataset.kfUseScore;
        number.dispatchEvent(new Event("input", { bubbles: true }));
      });
    }
    notAssessed.addEventListener("input", refresh);
    notAssessed.addEventListener("change", refresh);
    refresh();
  }

  document.querySelectorAll(".kf-criterion").forEach(initCriterion);
})();
