/* Narrow screens (assets/qm_phone.css): the fold-away buttons (dashboard/ui/components.toggle_button) flip their
 * aria-expanded, which the style sheet reads; the view navigation scrolls the active view into sight. One listener on
 * the document, so buttons of pages rendered later (the router) work without being registered. */
(function () {
  "use strict";

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-qm-toggle]") : null;
    if (!button) return;
    button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
  });

  /* the active view's link inside the navigation's own scroll box (never the page's scroll) */
  function revealActiveView() {
    document.querySelectorAll(".qm-nav").forEach((nav) => {
      const active = nav.querySelector(".qm-nav-active");
      if (!active || nav.scrollWidth <= nav.clientWidth || nav.dataset.qmRevealed === active.getAttribute("href")) return;
      nav.dataset.qmRevealed = active.getAttribute("href");
      const left = active.offsetLeft - nav.offsetLeft;
      if (left < nav.scrollLeft || left + active.offsetWidth > nav.scrollLeft + nav.clientWidth) {
        nav.scrollLeft = Math.max(0, left - (nav.clientWidth - active.offsetWidth) / 2);
      }
    });
  }

  /* the tapped area stays in sight above the sheet of its key figures (the sheet covers the map's lower part) */
  let shownArea = null;
  function revealSelectedArea() {
    const name = document.querySelector(".qm-area-sheet .qm-area-name");
    const sheet = name ? name.closest(".qm-area-sheet") : null;
    const id = new URLSearchParams(window.location.search).get("gebiet");
    if (!sheet || !id || getComputedStyle(sheet).position !== "fixed") { shownArea = null; return; }
    if (shownArea === id) return;
    shownArea = id;
    requestAnimationFrame(() => { if (window.qm && window.qm.map) window.qm.map.reveal(id, sheet); });
  }

  function watch() {
    const page = document.getElementById("qm-page");
    if (!page) { setTimeout(watch, 100); return; }
    new MutationObserver(revealActiveView).observe(page, {childList: true});
    new MutationObserver(revealSelectedArea).observe(page, {childList: true, subtree: true, characterData: true});
    revealActiveView();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
