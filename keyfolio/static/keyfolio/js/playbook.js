// The navbar's attention badge: the count of red items on my attention list, fetched
// after the page so that no page waits for it (see playbook:attention_badge). A plain
// fetch rather than htmx, so that pages listening to htmx's swap events are not
// disturbed by it.
(function () {
  "use strict";

  const slot = document.querySelector("[data-kf-attention-badge]");
  if (!slot) return;
  fetch(slot.dataset.kfAttentionBadge, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !data.red) return;
      const badge = document.createElement("span");
      badge.className = "badge rounded-pill text-bg-danger ms-1";
      badge.style.fontSize = "0.68rem";
      badge.textContent = String(data.red);
      badge.title = data.title;
      slot.replaceChildren(badge);
    })
    .catch(() => {});
})();
