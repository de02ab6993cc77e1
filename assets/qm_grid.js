/* Number format of the area table (dash-ag-grid valueFormatter), by the browser's Intl in the page's
 * locale ("de-DE": 12.345,7; "en-GB": 12,345.7) — the same CLDR rules Babel applies on the server.
 * The values arrive already rounded to the indicator's precision. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.qmNumber = function (value, locale, decimals) {
  if (value === null || value === undefined || value === "") return "";
  return new Intl.NumberFormat(locale, {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(value);
};

/* The grid out of the first paint (dashboard/ui/table.py). The page's HTML names the grid library in
 * <meta name="qm-grid-script"> instead of loading it (dashboard/__init__.py); once the table's slot comes onto
 * the screen (or the Tab key is pressed, or the page is printed) the library is loaded, then TABLE_OPEN asks the server
 * for the grid of the view the controls show. Without the meta the library is already there. */
(function () {
  "use strict";
  const OPEN = "map-table-open";
  let loading = null;

  function library() {
    if (window.dash_ag_grid) return Promise.resolve();
    if (loading) return loading;
    const meta = document.querySelector('meta[name="qm-grid-script"]');
    if (!meta) return Promise.resolve();
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = meta.getAttribute("content");
      script.onload = () => resolve();
      script.onerror = () => { loading = null; reject(new Error("grid library failed to load")); };
      document.head.appendChild(script);
    });
    return loading;
  }

  function watchTable(slotId) {
    const nu = window.dash_clientside.no_update;
    const slot = document.getElementById(slotId);
    if (!slot || slot.dataset.qmWatched) return nu;
    slot.dataset.qmWatched = "1";
    let done = false;
    const open = () => {
      if (done) return;
      done = true;
      if (observer) observer.disconnect();
      window.removeEventListener("beforeprint", open);
      document.removeEventListener("keydown", onTab, true);
      library().then(() => window.dash_clientside.set_props(OPEN, {data: Date.now()}), () => { done = false; });
    };
    // a keyboard user gets the grid while tabbing towards it, so it is in the tab order when they arrive
    const onTab = (event) => { if (event.key === "Tab") open(); };
    const section = slot.closest(".qm-table-section") || slot;
    section.addEventListener("focusin", open, {once: true});
    document.addEventListener("keydown", onTab, true);
    window.addEventListener("beforeprint", open);
    const observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) open();
    }) : null;  // on screen: a margin would load it on first paint (phone and desktop show its head just below)
    if (observer) observer.observe(slot); else open();
    return nu;
  }

  /* A selection made on the map, shown in the grid when the grid is there (dashboard/ui/table.py TABLE_SELECTION). */
  function selectRow(selection) {
    if (selection && document.getElementById("map-table")) window.dash_clientside.set_props("map-table", {selectedRows: selection});
    return window.dash_clientside.no_update;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_grid: {watchTable: watchTable, selectRow: selectRow}});
  window.qm = Object.assign(window.qm || {}, {grid: {library: library}});
})();
