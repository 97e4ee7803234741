"use strict";
// Select2, the autocomplete drop-down that Django's admin ships, names neither its combobox
// nor its search box after the <select> it stands in for, so a screen reader announces a bare
// "combobox" (axe-core's aria-input-field-name and label rules). Each one it draws is given the
// select's own name: its aria-label (a tabular inline's column and row) or its <label>.
(function () {
  function nameOf(select) {
    const label = select.labels && select.labels[0];
    const text = label ? label.textContent.trim().replace(/:$/, "") : "";
    return select.getAttribute("aria-label") || text;
  }

  function name(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    if (!container.dataset.name) {
      const text = nameOf(select);
      if (!text) return;
      container.dataset.name = text;
      const hidden = document.createElement("span");
      hidden.id = `${select.id}-name`;
      hidden.hidden = true;
      hidden.textContent = text;
      container.append(hidden);
      const combobox = container.querySelector(".select2-selection--single");
      const shown = container.querySelector(".select2-selection__rendered");
      if (combobox && shown && shown.id) {
        // The name first, then the value shown.
        combobox.setAttribute("aria-labelledby", `${hidden.id} ${shown.id}`);
        shown.setAttribute("aria-labelledby", hidden.id);
      }
    }
    // A multiple choice's search box is drawn again as choices are added.
    for (const field of container.querySelectorAll(".select2-search__field")) {
      field.setAttribute("aria-label", container.dataset.name);
    }
  }

  function nameAll(root) {
    for (const container of root.querySelectorAll(".select2.select2-container")) name(container);
  }

  // Select2 draws its widgets when the page is ready and when "Add another" adds a row.
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const container = node.closest(".select2.select2-container");
        if (container) name(container);
        else nameAll(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
