/* The printed profile's running header: an @page rule with margin boxes (area, edition, "Seite n von N"),
 * written into a <style> inside the profile's host element, so it goes away with the page.
 * header = {left, right, page} in the page language; {page}/{pages} in header.page become CSS counters.
 * Chromium prints margin boxes (also through Playwright's page.pdf); their look is in assets/qm_print.css. */
(function () {
  function cssString(s) {
    return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\n\r\f]/g, " ") + '"';
  }

  function pageNumber(template) {
    return String(template).split(/(\{pages?\})/).filter(Boolean).map(function (part) {
      if (part === "{page}") return "counter(page)";
      if (part === "{pages}") return "counter(pages)";
      return cssString(part);
    }).join(" ");
  }

  function runningHeader(header, hostId) {
    const host = document.getElementById(hostId);
    if (!host || !header) return window.dash_clientside.no_update;
    let style = host.querySelector("style");
    if (!style) {
      style = document.createElement("style");
      host.appendChild(style);
    }
    style.textContent = "@page { @top-left { content: " + cssString(header.left) + "; } @top-right { content: " +
      cssString(header.right) + "; } @bottom-right { content: " + pageNumber(header.page) + "; } }";
    return header.left;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_print: {runningHeader: runningHeader}});
})();
