/* Quartiersmonitor map functions, referenced from Python as {"variable": "qm.map.<name>"}.
 * Committed, never generated at import time. All colours come from the hideout the server sends:
 *   hideout.classes[id]  class index (>= 0), -1 no data, -2 withheld (small numbers)
 *   hideout.values[id]   rounded value for the tooltip (absent when withheld in public mode)
 *   hideout.colors       palette, one colour per class
 *   hideout.locale, hideout.*Label   number format and tooltip words in the page language
 */
(function () {
  "use strict";
  const NO_VALUE = -1;
  const SUPPRESSED = -2;
  const HATCH_ID = "qm-hatch";

  /* Withheld values are drawn hatched (not only in a light colour), so they stay distinct on a
   * washed-out projector. The pattern lives in a hidden SVG of its own; fills reference it by id. */
  function ensureHatchPattern() {
    if (document.getElementById(HATCH_ID)) return;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.style.position = "absolute";
    svg.innerHTML = '<defs><pattern id="' + HATCH_ID + '" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#f7f7f7"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#7a7a7a" stroke-width="1.5"></line></pattern></defs>';
    document.body.appendChild(svg);
  }

  function formatNumber(value, decimals, locale) {
    return new Intl.NumberFormat(locale || "de-DE", {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(value);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  }

  function classOf(hideout, id) {
    const k = hideout && hideout.classes ? hideout.classes[id] : undefined;
    return k === undefined ? NO_VALUE : k;
  }

  /* Recolouring keeps the layers. dash-leaflet 1.1.3 throws away and rebuilds every layer when its
   * `hideout` prop changes, so views write later colourings to a store instead and recolour() calls
   * setStyle on the existing layers. Per GeoJSON component (by its Dash id) we keep its layers and
   * the current colouring; `base` is the hideout the component was mounted with, so a freshly
   * rendered page (new base) never picks up the colouring of the page before it. */
  const registry = {};  // component id -> {base, layers: Map(feature id -> layer), current}
  const painted = {};  // component id -> {key, n, t}: the last colouring on screen (tests, benchmarks)

  function entryFor(context) {
    const cid = context && context.id;
    if (!cid) return null;
    let entry = registry[cid];
    if (!entry || entry.base !== context.hideout) {
      const adopted = entry && entry.base === null ? entry.current : null;  // a colouring sent before the layers existed
      entry = registry[cid] = {base: context.hideout, layers: new Map(), current: adopted};
    }
    return entry;
  }

  function hideoutOf(context) {
    const entry = context && context.id ? registry[context.id] : null;
    if (entry && entry.current && entry.base === context.hideout) return entry.current;
    return (context && context.hideout) || {};
  }

  function styleFor(id, hideout, canvas) {
    const k = classOf(hideout, id);
    let fill = hideout.noData || "#d9d9d9";
    if (k >= 0 && hideout.colors) fill = hideout.colors[k];
    else if (k === SUPPRESSED) fill = canvas ? (hideout.suppressedColor || "#bdbdbd") : "url(#" + HATCH_ID + ")";
    const selected = hideout.selected === id;
    const outlined = !!(hideout.outlined && hideout.outlined[id]);
    const outside = !!(hideout.focus && !hideout.focus[id]);  // drill-down: areas outside the focus fade
    return {
      fillColor: fill,
      fillOpacity: outside ? 0.15 : 0.85,
      color: selected || outlined ? "#000000" : "#ffffff",
      weight: selected ? 3.5 : (outlined ? 2.5 : 0.6),
      opacity: 1,
      dashArray: k === SUPPRESSED ? "3 3" : null,
      className: "qm-area qm-area-" + id + (k === SUPPRESSED ? " qm-area-suppressed" : "") + (selected ? " qm-area-selected" : "") +
        (outlined ? " qm-area-outlined" : ""),
    };
  }

  function isCanvas(context) {
    return !!(context && context.map && context.map.options && context.map.options.preferCanvas);
  }

  function areaStyle(feature, context) {
    return styleFor(feature.properties.id, hideoutOf(context), isCanvas(context));
  }

  /* Report a colouring as painted once the browser has drawn the frame after it. */
  function reportPainted(cid, key, n) {
    requestAnimationFrame(() => setTimeout(() => { painted[cid] = {key: key, n: n, t: performance.now()}; }, 0));
  }

  const pendingReports = {};
  function scheduleReport(cid) {
    if (pendingReports[cid]) return;
    pendingReports[cid] = true;
    setTimeout(() => {  // after dash-leaflet has added the whole batch of layers
      pendingReports[cid] = false;
      const entry = registry[cid];
      if (!entry) return;
      let n = 0;
      entry.layers.forEach((layer, id) => { if (layer._map) n += 1; else entry.layers.delete(id); });
      const hideout = entry.current || entry.base || {};
      reportPainted(cid, hideout.key, n);
    }, 0);
  }

  function tooltipText(feature, hideout) {
    const id = feature.properties.id;
    const name = escapeHtml(feature.properties.name || id);
    const k = classOf(hideout, id);
    let valueText;
    if (k === SUPPRESSED) {
      const withheld = hideout.withheld ? hideout.withheld[id] : undefined;
      valueText = withheld === undefined
        ? escapeHtml(hideout.suppressedLabel || "keine Angabe")
        : formatNumber(withheld, hideout.decimals, hideout.locale) + " " + escapeHtml(hideout.unit) + " ⚠ " +
          escapeHtml(hideout.withheldInternalLabel || "geringe Fallzahl (nur intern)");
    } else if (hideout.labels && hideout.labels[id] !== undefined) {
      valueText = escapeHtml(hideout.labels[id]);
    } else if (hideout.values && hideout.values[id] !== undefined) {
      valueText = formatNumber(hideout.values[id], hideout.decimals, hideout.locale) + " " + escapeHtml(hideout.unit);
      if (hideout.estimates && hideout.estimates.indexOf(id) >= 0) valueText += " (" + escapeHtml(hideout.estimateLabel || "Schätzung") + ")";
    } else {
      valueText = escapeHtml(hideout.noDataLabel || "keine Daten");
    }
    let text = "<strong>" + name + "</strong><br>" + escapeHtml(hideout.label || "") + ": " + valueText;
    if (hideout.burdens && hideout.burdens[id]) text += "<br>" + escapeHtml(hideout.burdens[id]);
    return text;
  }

  function onEachArea(feature, layer, context) {
    ensureHatchPattern();
    const entry = entryFor(context);
    if (entry) {
      entry.layers.set(feature.properties.id, layer);
      scheduleReport(context.id);
    }
    // the text is made when the tooltip opens, from the colouring shown then
    layer.bindTooltip(() => tooltipText(feature, hideoutOf(context)), {sticky: true, className: "qm-tooltip"});
    const hideout = hideoutOf(context);
    if (hideout.selected === feature.properties.id || (hideout.outlined && hideout.outlined[feature.properties.id])) {
      // draw the selected (or strongly outlined) area's border above its neighbours
      layer.on("add", () => layer.bringToFront());
    }
  }

  /* A new colouring for the existing layers (clientside callback on the view's colouring store). */
  function recolour(hideout, cid) {
    if (!hideout || !cid) return window.dash_clientside.no_update;
    let entry = registry[cid];
    if (!entry) entry = registry[cid] = {base: null, layers: new Map(), current: null};
    entry.current = hideout;
    const front = [];
    let n = 0;
    entry.layers.forEach((layer, id) => {
      if (!layer._map) { entry.layers.delete(id); return; }
      // a level switch: the old level's layers wait for the new geometry, which onEachArea styles
      if (hideout.classes && !(id in hideout.classes)) return;
      const style = styleFor(id, hideout, !layer._path);
      layer.setStyle(style);
      if (layer._path) layer._path.setAttribute("class", "leaflet-interactive " + style.className);  // setStyle keeps the old class
      if (hideout.selected === id || (hideout.outlined && hideout.outlined[id])) front.push(layer);
      n += 1;
    });
    front.forEach((layer) => layer.bringToFront());
    if (n) reportPainted(cid, hideout.key, n);
    return hideout.key || String(n);
  }

  function outlineStyle() {
    return {fill: false, color: "#222222", weight: 2, opacity: 0.9, interactive: false, className: "qm-outline"};
  }

  window.qm = Object.assign(window.qm || {}, {map: {areaStyle, onEachArea, outlineStyle, tooltipText, recolour, painted, HATCH_ID}});

  /* Page-wide URL parameters: the data release (`stand`) is in every address, so a shared link names
   * the data it was made with; the language (`sprache=en`) stays while the user navigates. */
  const PAGE_FLAGS = ["praesentation", "stand", "sprache"];

  function currentRelease() {
    return document.documentElement.getAttribute("data-qm-release") || "";
  }

  function withPageFlags(params, current) {
    PAGE_FLAGS.forEach((key) => { if (current.has(key) && !params.has(key)) params.set(key, current.get(key)); });
    const release = currentRelease();
    if (release) params.set("stand", release);  // what the page shows is the current release
    return params;
  }

  function replaceUrl(params) {
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "");
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, "", url);
    return url;
  }

  /* At load, before Dash mounts dcc.Location: a link without a release gets the current one. A link
   * with an earlier release keeps it (the page says so in a banner) until the view changes. Done now
   * because dcc.Location pushes its first-seen address again if the URL changes under it while it
   * mounts. */
  /* <html lang> and the tab title (index page: data-qm-title-de/-en) in the page language. */
  function setLanguage(lang) {
    const root = document.documentElement;
    root.setAttribute("lang", lang);
    const title = root.getAttribute("data-qm-title-" + lang);
    if (title) document.title = title;
  }

  (function pinLoadedAddress() {
    const params = new URLSearchParams(window.location.search);
    const release = currentRelease();
    if (release && !params.has("stand")) {
      params.set("stand", release);
      window.history.replaceState(window.history.state, "", window.location.pathname + "?" + params.toString() + window.location.hash);
    }
    if (params.get("sprache") === "en") setLanguage("en");
  })();
  let pageRendered = false;

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise((resolve, reject) => {  // plain http on an intranet host: the old way
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand("copy");
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  /* Clientside callbacks. */
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    qm: {
      recolour: recolour,
      // Mirror the view state in the URL without a reload (replaceState does not re-render the page).
      syncUrl: function (indicator, year, level, area, focus) {
        const params = new URLSearchParams(window.location.search);
        const set = (key, value) => (value === null || value === undefined || value === "") ? params.delete(key) : params.set(key, value);
        set("indikator", indicator);
        set("jahr", year);
        set("ebene", level);
        set("gebiet", area);
        set("fokus", focus);
        return replaceUrl(withPageFlags(params, params));
      },
      // Replace the whole query string with the given parameters (views whose state is a dict).
      syncQuery: function (params) {
        const query = new URLSearchParams();
        Object.keys(params || {}).forEach((key) => query.set(key, params[key]));
        return replaceUrl(withPageFlags(query, new URLSearchParams(window.location.search)));
      },
      // After every page render: <html lang>, and the language and release in the address.
      pageFlags: function (flags) {
        if (!flags) return window.dash_clientside.no_update;  // before the router's first answer
        const lang = flags.lang || "de";
        setLanguage(lang);
        if (!pageRendered) {  // the loaded address is already right (pinLoadedAddress); leave it to dcc.Location
          pageRendered = true;
          return window.dash_clientside.no_update;
        }
        const params = new URLSearchParams(window.location.search);
        if (lang === "de") params.delete("sprache"); else params.set("sprache", lang);
        return replaceUrl(withPageFlags(params, params));
      },
      // The language switch: same view (the address holds it), other language. A real navigation:
      // setting dcc.Location's search from here lets it later restore its stale search.
      switchLanguage: function (clicks, lang) {
        if (!clicks) return window.dash_clientside.no_update;
        const params = withPageFlags(new URLSearchParams(window.location.search), new URLSearchParams(window.location.search));
        if (lang === "en") params.delete("sprache"); else params.set("sprache", "en");  // German is the default
        window.location.assign(window.location.pathname + "?" + params.toString());
        return window.dash_clientside.no_update;
      },
      // "Link kopieren": the address holds the whole view and the data release.
      copyLink: function (clicks) {
        if (!clicks) return window.dash_clientside.no_update;
        const status = document.getElementById("qm-copy-status");
        const say = (key) => { if (status) status.textContent = status.getAttribute(key) || ""; };
        const url = window.location.origin + replaceUrl(withPageFlags(new URLSearchParams(window.location.search),
                                                                         new URLSearchParams(window.location.search)));
        copyText(url).then(() => say("data-done"), () => say("data-failed"));
        window.qm.lastCopiedLink = url;  // for tests: headless browsers have no readable clipboard
        return window.dash_clientside.no_update;
      },
    },
  });
})();
