// The activities tab: suggest the rules from the kind, and ask before deleting.
//
// The rules an activity serves start from its kind's suggestion (KIND_RULES, passed
// in #activity-kind-rules). When the kind changes, the rule boxes follow it, until
// the person ticks or clears a rule by hand: from then on their choice stands, and
// the hidden `rules_touched` field tells the server so (see ActivityForm).
(function () {
  "use strict";

  const TOUCHED = "1";

  function within(root, selector) {
    const found = Array.from(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) found.unshift(root);
    return found;
  }

  function initRules(form, kindRules) {
    const kind = form.querySelector("select[name=kind]");
    const touched = form.querySelector("input[name=rules_touched]");
    const boxes = form.querySelectorAll("input[name=rules]");
    if (!kind || !touched) return;
    kind.addEventListener("change", () => {
      if (touched.value === TOUCHED) return;
      const suggested = new Set((kindRules[kind.value] || []).map(String));
      for (const box of boxes) box.checked = suggested.has(box.value);
    });
    for (const box of boxes) {
      box.addEventListener("change", () => {
        touched.value = TOUCHED;
      });
    }
  }

  function initConfirm(form) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.kfConfirm)) event.preventDefault();
    });
  }

  // Runs for the page, then for every fragment htmx swaps in (the form coming back
  // with its errors, the filtered list, older activities).
  htmx.onLoad((root) => {
    const kindRules = kf.readJson("activity-kind-rules") || {};
    for (const form of within(root, "form[data-kf-activity-form]")) initRules(form, kindRules);
    for (const form of within(root, "form[data-kf-confirm]")) initConfirm(form);
  });
})();
