// Progressive enhancements only: every page works without this file.
"use strict";

// A filter form sends only the fields a reader filled in, so the address stays short and
// shareable ("?agency=us-ofac" rather than "?q=&kind=&agency=us-ofac&listed_after=...").
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.classList.contains("filter-form")) {
    return;
  }
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (value !== "") {
      params.append(name, value);
    }
  }
  event.preventDefault();
  const query = params.toString();
  window.location.assign(form.action.split("?")[0] + (query ? "?" + query : ""));
});

// On a phone the filter form would push the results a screen down: it starts folded there
// (its summary says how many filters are active), unless it holds an error to correct.
const filterPanel = document.querySelector(".filter-panel");
if (
  filterPanel &&
  window.matchMedia("(max-width: 56rem)").matches &&
  !filterPanel.querySelector(".error-summary")
) {
  filterPanel.open = false;
}
