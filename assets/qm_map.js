/* Quartiersmonitor map functions, referenced from Python as {"variable": "qm.map.<name>"}.
 * Committed, never generated at import time. All colours come from the hideout the server sends:
 *   hideout.classes[id]  class index (>= 0), -1 no data, -2 withheld (small numbers)
 *   hideout.values[id]   rounded value for the tooltip (absent when withheld in public mode)
 *   hideout.colors       palette, one colour per class
 *   hideout.locale, hideout.*Label   number format and tooltip words in the page language
 *   hideout.patterns[k]  optional overlay for class k, so classes differ without colour: {name, d (SVG path in a
 *                        size x size tile), size, ink, width, dash (the canvas fallback: a dashed outline)}
 *   hideout.outlined[id] multiply burdened: a dashed black outline; the fill keeps the class colour
 *   hideout.borderline[id] Grenzfall (value near a class boundary): its tooltip words; a dotted black outline (dash-dotted
 *                        when also outlined), the fill keeps the class colour (markBorderline)
 *   hideout.focus[id]    areas drawn at full strength; the others fade (a district filter, a drill-down)
 *   hideout.tests[id]    change map: [1 deutlich | 0 im Rahmen zufälliger Schwankung, lower, upper of the change's 95 %
 *                        interval]; with hideout.fadeRandom the random ones are drawn lighter (fadeRandom), the tooltip
 *                        says which with hideout.testWords {clear, random, interval: "95 %: {low} bis {high} …"}
 *   hideout.view         [[south, west], [north, east]] the map shows (the district in focus or the city), see fitView
 *   hideout.standingUrl  where the areas' rank and share among the level's published values in words come from
 *                        (or hideout.standing[id] given directly), made by the server
 *                        (dashboard/present.py standing_text, as in the click panel and the profile): "ungünstiger als
 *                        85 % der übrigen Planungsräume (Rang 499 von 536)"; shown as it is. Absent for a class indicator,
 *                        no entry for a withheld area
 */
(function () {
  "use strict";
  const NO_VALUE = -1;
  const SUPPRESSED = -2;
  const HATCH_ID = "qm-hatch";
  const PATTERNS_SVG = "qm-map-patterns";
  const OUTLINE_DASH = "7 4";  // multiply burdened (the burden legend's swatches show the same dashed border)
  const SVG_NS = "http://www.w3.org/2000/svg";

  /* Withheld values are drawn hatched (not only in a light colour), so they stay distinct on a
   * washed-out projector. The patterns live in a hidden SVG of their own; fills reference them by id. */
  function patternDefs() {
    let svg = document.getElementById(PATTERNS_SVG);
    if (!svg) {
      svg = document.createElementNS(SVG_NS, "svg");
      svg.setAttribute("id", PATTERNS_SVG);
      svg.setAttribute("width", "0");
      svg.setAttribute("height", "0");
      svg.setAttribute("aria-hidden", "true");
      svg.style.position = "absolute";
      svg.innerHTML = '<defs><pattern id="' + HATCH_ID + '" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">' +
        '<rect width="6" height="6" fill="#f7f7f7"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#7a7a7a" stroke-width="1.5"></line></pattern></defs>';
      document.body.appendChild(svg);
    }
    return svg.firstChild;
  }

  function ensureHatchPattern() {
    patternDefs();
  }

  /* A class overlay (hideout.patterns[k]) over the class colour, one <pattern> per name, colour and ink. */
  function ensureClassPattern(pattern, color) {
    const id = "qm-pat-" + [pattern.name, color, pattern.ink].map((s) => String(s).replace(/[^0-9a-zA-Z]/g, "")).join("-");
    if (document.getElementById(id)) return id;
    const size = String(pattern.size || 12);
    const node = document.createElementNS(SVG_NS, "pattern");
    node.setAttribute("id", id);
    node.setAttribute("patternUnits", "userSpaceOnUse");
    node.setAttribute("width", size);
    node.setAttribute("height", size);
    const rect = document.createElementNS(SVG_NS, "rect");
    rect.setAttribute("width", size);
    rect.setAttribute("height", size);
    rect.setAttribute("fill", color);
    const mark = document.createElementNS(SVG_NS, "path");
    mark.setAttribute("d", pattern.d);
    mark.setAttribute("fill", "none");
    mark.setAttribute("stroke", pattern.ink || "#000000");
    mark.setAttribute("stroke-width", String(pattern.width || 1.5));
    mark.setAttribute("stroke-linecap", "square");
    node.appendChild(rect);
    node.appendChild(mark);
    patternDefs().appendChild(node);
    return id;
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
  const fits = {};  // map id -> {view, shown, n}: the last view fitted, the bounds shown then, fits so far (tests)

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

  function isOutlined(hideout, id) {
    // a faded area (outside the focus) keeps no marking: the eye stays on the focus
    return !!(hideout.outlined && hideout.outlined[id]) && !(hideout.focus && !hideout.focus[id]);
  }

  /* Grenzfall (dashboard/ui/borderline.py): a dotted black outline over the class colour, dash-dotted on an area that is
   * also multiply burdened; not on the selected area (its own outline) nor on a faded one (the eye stays on the focus). */
  const BORDERLINE_DASH = "1 6";
  const BORDERLINE_OUTLINED_DASH = "8 4 1 4";
  function isBorderline(hideout, id) {
    return !!(hideout.borderline && hideout.borderline[id]) && !(hideout.focus && !hideout.focus[id]);
  }
  function markBorderline(hideout, id, style) {
    if (!isBorderline(hideout, id) || hideout.selected === id) return style;
    return Object.assign(style, {color: "#000000", weight: 3, dashArray: isOutlined(hideout, id) ? BORDERLINE_OUTLINED_DASH : BORDERLINE_DASH,
                                 className: style.className + " qm-area-borderline"});
  }

  function styleFor(id, hideout, canvas) {
    const k = classOf(hideout, id);
    let fill = hideout.noData || "#d9d9d9";
    const pattern = k >= 0 && hideout.patterns ? hideout.patterns[k] : null;
    if (k >= 0 && hideout.colors) fill = hideout.colors[k];
    else if (k === SUPPRESSED) fill = canvas ? (hideout.suppressedColor || "#bdbdbd") : "url(#" + HATCH_ID + ")";
    if (pattern && !canvas) fill = "url(#" + ensureClassPattern(pattern, fill) + ")";
    const selected = hideout.selected === id;
    const outside = !!(hideout.focus && !hideout.focus[id]);  // drill-down, district filter: areas outside the focus fade
    const outlined = isOutlined(hideout, id);
    // a canvas cannot fill with a pattern: there the class overlay becomes a dashed outline in its ink
    const canvasMark = pattern && canvas && !selected && !outlined;
    let dash = k === SUPPRESSED ? "3 3" : (outlined ? OUTLINE_DASH : null);
    if (canvasMark) dash = pattern.dash || "2 2";
    return markBorderline(hideout, id, {
      fillColor: fill,
      fillOpacity: outside ? 0.15 : 0.85,
      color: selected || outlined ? "#000000" : (canvasMark ? pattern.ink : "#ffffff"),
      weight: selected ? 3.5 : (outlined ? 3 : (canvasMark ? 1.2 : 0.6)),
      opacity: 1,
      dashArray: dash,
      className: "qm-area qm-area-" + id + (k === SUPPRESSED ? " qm-area-suppressed" : "") + (selected ? " qm-area-selected" : "") +
        (outlined ? " qm-area-outlined" : ""),
    });
  }

  function isCanvas(context) {
    return !!(context && context.map && context.map.options && context.map.options.preferCanvas);
  }

  /* Change map (dashboard/ui/change.py): with hideout.fadeRandom, an area whose change lies within random variation
   * (hideout.tests[id][0] === 0, reports/series.change_tests) is drawn lighter, so the clear changes stand out; its class
   * colour stays recognisable (the legend's "aufgehellt" row shows the same swatch). Not the selected area, and never
   * lighter than an area outside the focus. */
  const RANDOM_OPACITY = 0.35;
  function isRandom(hideout, id) {
    const test = hideout.fadeRandom && hideout.tests ? hideout.tests[id] : undefined;
    return !!test && test[0] === 0;
  }
  function fadeRandom(hideout, id, style) {
    if (!isRandom(hideout, id) || hideout.selected === id) return style;
    return Object.assign(style, {fillOpacity: Math.min(style.fillOpacity, RANDOM_OPACITY),
                                 className: style.className + " qm-area-random"});
  }
  /* The tooltip's line on the test: "deutlich (95 %: +1,2 bis +4,8 Prozentpunkte)"; words from hideout.testWords. */
  function signed(value, decimals, locale) {
    const text = formatNumber(Math.abs(value), decimals, locale);
    return (value > 0 ? "+" : value < 0 ? "\u2212" : "\u00b1") + text;
  }
  function changeTestText(hideout, id) {
    const test = hideout.tests ? hideout.tests[id] : undefined;
    const words = hideout.testWords;
    if (!test || !words) return "";
    const decimals = hideout.testDecimals === undefined ? hideout.decimals : hideout.testDecimals;
    const range = String(words.interval).replace("{low}", signed(test[1], decimals, hideout.locale))
      .replace("{high}", signed(test[2], decimals, hideout.locale));
    return '<br><span class="qm-tooltip-test">' + escapeHtml((test[0] === 1 ? words.clear : words.random) + " (" + range + ")") + "</span>";
  }

  function areaStyle(feature, context) {
    const hideout = hideoutOf(context);
    return fadeRandom(hideout, feature.properties.id, styleFor(feature.properties.id, hideout, isCanvas(context)));
  }

  /* Report a colouring as painted once the browser has drawn the frame after it. */
  function reportPainted(cid, key, n) {
    requestAnimationFrame(() => setTimeout(() => { painted[cid] = {key: key, n: n, t: performance.now()}; }, 0));
  }

  /* What lies on top of a map: its Leaflet controls, the legend a view places over it and the title presentation
   * mode lays over it. One measurement for everyone who needs it (fitPadding here, the place names in
   * qm_labels.js): reading the boxes forces a layout of the page, so they are kept per map until the map or one of
   * them changes size (one ResizeObserver per map, see watchMap) or a caller asks for them fresh.
   * Boxes are [left, top, right, bottom] in container pixels, with kind "control", "legend" or "title". */
  const OVERLAYS = {control: ".leaflet-control", legend: ".qm-legend", title: ".qm-map-title"};

  function overlayBoxes(map, fresh) {
    const watch = watchMap(map);
    if (watch.boxes && !fresh) return watch.boxes;
    const container = map.getContainer();
    const origin = container.getBoundingClientRect();
    const wrap = container.closest(".qm-map-wrap") || container;
    const boxes = [];
    Object.keys(OVERLAYS).forEach((kind) => wrap.querySelectorAll(OVERLAYS[kind]).forEach((element) => {
      if (watch.observer && !watch.seen.has(element)) { watch.seen.add(element); watch.observer.observe(element); }
      const r = element.getBoundingClientRect();
      if (!r.width || !r.height || r.bottom <= origin.top || r.top >= origin.bottom || r.right <= origin.left || r.left >= origin.right) return;
      boxes.push({kind: kind, box: [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]});
    }));
    watch.boxes = boxes;
    return boxes;
  }

  /* Someone to tell when the map or what covers it changes size (the place names lay out again). */
  function onOverlayChange(map, listener) {
    watchMap(map).listeners.add(listener);
  }

  /* The one ResizeObserver of a map: what covers it changed size (the overlay boxes are measured anew, listeners
   * told), and when the map itself did (presentation mode on or off, a window resize, the page laid out anew) and
   * nobody has moved it since the last fit, it is fitted again. */
  function watchMap(map) {
    if (map._qmWatch) return map._qmWatch;
    const watch = map._qmWatch = {boxes: null, listeners: new Set(), seen: new WeakSet(), observer: null};
    if (typeof ResizeObserver === "undefined") return watch;
    const container = map.getContainer();
    watch.observer = new ResizeObserver((entries) => {
      watch.boxes = null;
      watch.listeners.forEach((listener) => listener());
      if (!entries.some((e) => e.target === container)) return;
      if (!map._loaded || !map._mapPane || !container.isConnected) return;  // a map on its way out
      const fit = map._qmFit;
      const untouched = fit && map.getZoom() === fit.zoom &&
        map.project(map.getCenter(), fit.zoom).distanceTo(map.project(fit.center, fit.zoom)) < 2;
      map.invalidateSize({animate: false});
      if (untouched) fitMap(map, fit.view, false);
    });
    watch.observer.observe(container);
    map.once("unload", () => watch.observer.disconnect());
    return watch;
  }

  /* The view a page asks for (hideout.view), fitted clear of what lies over the map: the title (presentation mode
   * lays it over the map) and the legend. Done when the areas are first drawn and whenever a colouring brings
   * another view (a district filter changed); a view panned or zoomed by hand stays until then. The zoom buttons
   * then work around the focus, as the map is centred on it. */
  const MARGIN = 8;

  function fitPadding(map, bounds) {
    const size = map.getSize();
    let tl = [MARGIN, MARGIN];
    let br = [MARGIN, MARGIN];
    if (!map.getContainer().closest(".qm-map-wrap") || !size.x || !size.y) return {paddingTopLeft: tl, paddingBottomRight: br};
    overlayBoxes(map, true).forEach(({kind, box: r}) => {  // fresh: a fit is rare, and the legend may be new
      if (kind === "control") return;
      // keep the overlay clear above or below it, or beside it: whichever leaves the larger zoom
      const sides = [r[1] < size.y - r[3] ? ["top", r[3]] : ["bottom", size.y - r[1]],
                     r[0] < size.x - r[2] ? ["left", r[2]] : ["right", size.x - r[0]]];
      let best = null;
      sides.forEach(([side, extent]) => {
        const t = tl.slice();
        const b = br.slice();
        if (side === "top") t[1] = Math.max(t[1], extent + MARGIN);
        if (side === "bottom") b[1] = Math.max(b[1], extent + MARGIN);
        if (side === "left") t[0] = Math.max(t[0], extent + MARGIN);
        if (side === "right") b[0] = Math.max(b[0], extent + MARGIN);
        if (size.x - t[0] - b[0] < 0.4 * size.x || size.y - t[1] - b[1] < 0.4 * size.y) return;  // a phone: no room
        const zoom = map.getBoundsZoom(bounds, false, [t[0] + b[0], t[1] + b[1]]);
        if (!best || zoom > best.zoom) best = {zoom: zoom, t: t, b: b};
      });
      if (best) { tl = best.t; br = best.b; }
    });
    return {paddingTopLeft: tl, paddingBottomRight: br};
  }

  /* Fit the map to a view and remember where that left it: while nobody has moved the map since, a change of
   * the map's size fits it again (watchMap). */
  function fitMap(map, view, animate) {
    const options = fitPadding(map, view);
    const remember = () => {
      map._qmFit = {view: view, center: map.getCenter(), zoom: map.getZoom()};
      const shown = map.getBounds();
      const id = map.getContainer().id;
      fits[id] = {view: view, shown: [[shown.getSouth(), shown.getWest()], [shown.getNorth(), shown.getEast()]],
                  n: (fits[id] ? fits[id].n : 0) + 1};
      retryReveal();  // an area waiting to be revealed: now the fit cannot override it
    };
    map._qmFit = null;
    if (animate) {
      map.once("moveend", remember);
      map.flyToBounds(view, Object.assign({duration: 0.5}, options));
    } else {
      map.fitBounds(view, Object.assign({animate: false}, options));
      remember();
    }
  }

  function fitView(cid, hideout, animate) {
    const entry = registry[cid];
    if (!entry || !hideout || !hideout.view) return;
    const key = JSON.stringify(hideout.view);
    if (entry.fitted === key) return;
    let map = null;
    entry.layers.forEach((layer) => { if (!map && layer._map) map = layer._map; });
    if (!map || !map._loaded || !map.getContainer().isConnected) return;  // not drawn yet: the first report fits
    entry.fitted = key;
    map.invalidateSize({animate: false});  // the page may have been laid out anew since Leaflet measured it
    fitMap(map, hideout.view, animate);
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
      entry.layers.forEach((layer, id) => {
        if (!layer._map) { entry.layers.delete(id); return; }
        if (!layer._path) batchCanvas(layer);  // later redraws (pan, zoom, hover, recolour) by style
        n += 1;
      });
      const hideout = entry.current || entry.base || {};
      fitView(cid, hideout, false);
      reportPainted(cid, hideout.key, n);
      prefetchStanding(hideout);
      retryReveal();  // the layers are there (a map without a view to fit)
    }, 0);
  }

  /* The tooltips' standing sentences come by their own address (hideout.standingUrl, dashboard/colouring.py),
   * fetched at idle after a colouring is painted or at the first tooltip: until they are there a tooltip has none. */
  const KEEP_STANDINGS = 8;
  const standings = new Map();  // address -> {area id: sentence}, or the pending fetch
  function fetchStanding(url) {
    if (!url || standings.has(url)) return;
    standings.set(url, fetch(url, {credentials: "same-origin"}).then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((answer) => { standings.set(url, answer.standing || {}); refreshOpenTooltips(); }, () => { standings.delete(url); }));
    while (standings.size > KEEP_STANDINGS) standings.delete(standings.keys().next().value);
  }
  function refreshOpenTooltips() {  // a tooltip opened before its sentences came gets them now
    Object.keys(registry).forEach((cid) => registry[cid].layers.forEach((layer) => {
      const tooltip = layer.getTooltip && layer.getTooltip();
      if (tooltip && tooltip.isOpen()) tooltip.update();
    }));
  }
  function standingOf(hideout, id) {
    if (hideout.standing) return hideout.standing[id] || "";
    const texts = standings.get(hideout.standingUrl);
    if (texts === undefined) fetchStanding(hideout.standingUrl);
    return texts && !(texts instanceof Promise) ? texts[id] || "" : "";
  }
  function prefetchStanding(hideout) {
    if (!hideout || !hideout.standingUrl || standings.has(hideout.standingUrl)) return;
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => fetchStanding(hideout.standingUrl), {timeout: 3000});
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
    if (k >= 0) text += changeTestText(hideout, id);
    const standing = k !== SUPPRESSED ? standingOf(hideout, id) : "";
    if (standing) text += '<br><span class="qm-tooltip-standing">' + escapeHtml(standing) + "</span>";
    if (hideout.burdens && hideout.burdens[id]) text += "<br>" + escapeHtml(hideout.burdens[id]);
    if (hideout.borderline && hideout.borderline[id]) text += '<br><span class="qm-tooltip-borderline">' + escapeHtml(hideout.borderline[id]) + "</span>";
    return text;
  }

  /* A tooltip never hides under the legend or the title laid over the map (they sit above Leaflet's panes): where
   * Leaflet's own side would overlap one, the tooltip opens to the other side, else above or below the pointer. */
  const TOOLTIP_SIDES = ["auto", "left", "right", "top", "bottom"];
  function keepTooltipClear(layer) {
    const tooltip = layer.getTooltip && layer.getTooltip();
    const map = layer._map;
    if (!tooltip || !map || !tooltip._container || !tooltip.isOpen()) return;
    const boxes = overlayBoxes(map);
    if (!boxes.length) return;
    const origin = map.getContainer().getBoundingClientRect();
    const size = map.getSize();
    const clear = () => {
      const r = tooltip._container.getBoundingClientRect();
      const box = [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
      return box[0] >= 0 && box[1] >= 0 && box[2] <= size.x && box[3] <= size.y &&
        !boxes.some((o) => box[0] < o.box[2] && box[2] > o.box[0] && box[1] < o.box[3] && box[3] > o.box[1]);
    };
    if (tooltip.options.direction === "auto" && clear()) return;
    for (const side of TOOLTIP_SIDES) {
      tooltip.options.direction = side;
      tooltip.update();
      if (clear()) return;
    }
    tooltip.options.direction = "auto";  // nowhere clear: Leaflet's choice
    tooltip.update();
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
    layer.on("mousemove tooltipopen", () => keepTooltipClear(layer));  // after Leaflet has placed it
    const hideout = hideoutOf(context);
    if (hideout.selected === feature.properties.id || isOutlined(hideout, feature.properties.id) || isBorderline(hideout, feature.properties.id)) {
      // draw the selected (or strongly outlined) area's border above its neighbours
      layer.on("add", () => layer.bringToFront());
    }
  }

  /* Styles of canvas layers are set first and drawn once: Leaflet's setStyle on a canvas layer parses its dash
   * pattern, grows the renderer's dirty box and, with a weight, recomputes the layer's pixel bounds, for each of
   * 50,000 layers; here only what changed is recomputed and each renderer redraws once, in this task. */
  function restyleCanvas(layer, style, dirty) {
    const options = layer.options;
    const dash = options.dashArray !== style.dashArray;
    const weight = options.weight !== style.weight;
    Object.assign(options, style);
    const renderer = layer._renderer;
    if (dash && renderer._updateDashArray) renderer._updateDashArray(layer);
    if (weight && layer._updateBounds) layer._updateBounds();
    dirty.add(renderer);
  }

  /* Leaflet fills and strokes each canvas layer on its own: for 50,000 areas 100,000 draw calls, each with its
   * state changes. The areas' canvas draws them by style instead: the fills colour by colour, then the borders
   * by stroke style, then (in Leaflet's order) the emphasised areas (selected, outlined, hovered: weight above
   * BATCH_WEIGHT) and any other layer on that canvas. Partial redraws (hover) keep Leaflet's clip to the dirty box.
   * CHUNK areas share one path: one path of all 50,000 is far slower in Chromium's rasteriser (9 s instead of 0.15 s
   * under load); 32 or 128 per path drew the 50,000-cell grid ~25 % faster than Leaflet's own loop (same-run A/B). */
  const BATCH_WEIGHT = 1.5;
  const CHUNK = 32;

  function tracePath(ctx, layer) {
    const parts = layer._parts;
    for (let i = 0; i < parts.length; i++) {
      const ring = parts[i];
      for (let j = 0; j < ring.length; j++) ctx[j ? "lineTo" : "moveTo"](ring[j].x, ring[j].y);
      ctx.closePath();
    }
  }

  function groupOf(groups, key, layer) {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(layer);
  }

  function batchedDraw() {
    const bounds = this._redrawBounds;
    const ctx = this._ctx;
    ctx.save();
    if (bounds) {
      const size = bounds.getSize();
      ctx.beginPath();
      ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
      ctx.clip();
    }
    this._drawing = true;
    const fills = new Map();
    const strokes = new Map();
    const rest = [];
    for (let order = this._drawFirst; order; order = order.next) {
      const layer = order.layer;
      if (bounds && !(layer._pxBounds && layer._pxBounds.intersects(bounds))) continue;
      const o = layer.options;
      if (!layer._qmArea || !layer._parts || (o.weight || 0) > BATCH_WEIGHT) { rest.push(layer); continue; }
      if (!layer._parts.length) continue;
      if (o.fill) groupOf(fills, o.fillColor + "|" + o.fillOpacity + "|" + (o.fillRule || "evenodd"), layer);
      if (o.stroke && o.weight !== 0) groupOf(strokes, [o.color, o.weight, o.opacity, o.dashArray, o.lineCap, o.lineJoin].join("|"), layer);
    }
    fills.forEach((layers) => {
      const o = layers[0].options;
      ctx.globalAlpha = o.fillOpacity;
      ctx.fillStyle = o.fillColor || o.color;
      for (let i = 0; i < layers.length; i += CHUNK) {
        ctx.beginPath();
        for (let j = i; j < Math.min(i + CHUNK, layers.length); j++) tracePath(ctx, layers[j]);
        ctx.fill(o.fillRule || "evenodd");
      }
    });
    strokes.forEach((layers) => {
      const o = layers[0].options;
      if (ctx.setLineDash) ctx.setLineDash(o._dashArray || []);
      ctx.globalAlpha = o.opacity;
      ctx.lineWidth = o.weight;
      ctx.strokeStyle = o.color;
      ctx.lineCap = o.lineCap;
      ctx.lineJoin = o.lineJoin;
      for (let i = 0; i < layers.length; i += CHUNK) {
        ctx.beginPath();
        for (let j = i; j < Math.min(i + CHUNK, layers.length); j++) tracePath(ctx, layers[j]);
        ctx.stroke();
      }
    });
    rest.forEach((layer) => layer._updatePath());
    this._drawing = false;
    ctx.restore();
  }

  function batchCanvas(layer) {
    const renderer = layer._renderer;
    layer._qmArea = true;
    if (renderer && !layer._path && !renderer._qmBatched && typeof renderer._draw === "function" && renderer._ctx) {
      renderer._qmBatched = true;
      renderer._draw = batchedDraw;
    }
  }

  function redraw(renderers) {
    renderers.forEach((renderer) => {
      if (!renderer._map || !renderer._ctx) return;
      if (renderer._redrawRequest) { cancelAnimationFrame(renderer._redrawRequest); renderer._redrawRequest = null; }
      renderer._redrawBounds = null;  // the whole canvas
      renderer._redraw();
    });
  }

  /* A new colouring for the existing layers (the clientside callback on a view's colouring store, and colourMap
   * below; it also hands the new focus and selection to the place names, qm_labels.js). */
  function recolour(hideout, cid) {
    if (!hideout || !cid) return window.dash_clientside.no_update;
    let entry = registry[cid];
    if (!entry) entry = registry[cid] = {base: null, layers: new Map(), current: null};
    entry.current = hideout;
    const front = [];
    const dirty = new Set();
    let n = 0;
    entry.layers.forEach((layer, id) => {
      if (!layer._map) { entry.layers.delete(id); return; }
      // a level switch: the old level's layers wait for the new geometry, which onEachArea styles
      if (hideout.classes && !(id in hideout.classes)) return;
      const style = fadeRandom(hideout, id, styleFor(id, hideout, !layer._path));
      if (layer._path) {
        layer.setStyle(style);
        layer._path.setAttribute("class", "leaflet-interactive " + style.className);  // setStyle keeps the old class
      } else if (layer._renderer) {
        batchCanvas(layer);
        restyleCanvas(layer, style, dirty);
      } else {
        layer.setStyle(style);
      }
      if (hideout.selected === id || isOutlined(hideout, id) || isBorderline(hideout, id)) front.push(layer);
      n += 1;
    });
    redraw(dirty);
    front.forEach((layer) => layer.bringToFront());
    fitView(cid, hideout, true);
    if (window.qm.labels) window.qm.labels.refocus(hideout, cid);  // the place names follow a new focus or selection
    if (n) reportPainted(cid, hideout.key, n);
    prefetchStanding(hideout);
    return hideout.key || String(n);
  }

  /* The map view's colourings come from /faerbung (dashboard/colouring.py): one address per release,
   * language, level, indicator, year and focus, so an answer never changes. The page keeps the last few in memory
   * (a toggle back is immediate) and, once a colouring is shown, fetches the neighbouring years while idle. */
  const COLOURING = "/faerbung/v1/";
  const KEEP_COLOURINGS = 24;
  const colourings = new Map();  // address -> Promise of the answer, oldest first
  const latest = {};  // component id -> number of the last colouring asked for (an older answer is not shown)

  function colouringUrl(indicator, year, level, focus, lang) {
    const e = encodeURIComponent;
    return COLOURING + e(currentRelease()) + "/" + (lang === "en" ? "en" : "de") + "/" + e(level || "-") + "/" +
      e(indicator) + "/" + (parseInt(year, 10) || 0) + (focus ? "?fokus=" + e(focus) : "");
  }

  function fetchColouring(url) {
    let answer = colourings.get(url);
    if (answer) {
      colourings.delete(url);  // the most recently used goes last
    } else {
      answer = fetch(url, {credentials: "same-origin"}).then((r) => {
        if (r.status === 409) throw Object.assign(new Error("colouring of another release " + url), {otherRelease: true});
        if (!r.ok) throw new Error("colouring " + r.status + " " + url);
        return r.json();
      });
      answer.catch(() => { if (colourings.get(url) === answer) colourings.delete(url); });
    }
    colourings.set(url, answer);
    while (colourings.size > KEEP_COLOURINGS) colourings.delete(colourings.keys().next().value);
    return answer;
  }

  function prefetchNeighbours(payload, lang) {
    const state = payload.state;
    const years = payload.years || [];
    const i = years.indexOf(state.year);
    if (i < 0) return;
    const wanted = [years[i + 1], years[i - 1]].filter((y) => y !== undefined)
      .map((y) => colouringUrl(state.indicator, y, state.level, state.focus, lang)).filter((url) => !colourings.has(url));
    if (!wanted.length) return;
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => wanted.forEach((url) => fetchColouring(url).catch(() => null)), {timeout: 2000});
  }

  /* The map view's recolour (indicator, year, level, selection): fetch the colouring, restyle at once, then set the
   * controls the server corrected (a year or level the indicator lacks, a focus that does not fit the level) and the
   * new level's geometry, only where they differ, so nothing else runs twice. */
  const RELEASE_RETRIES = 2;  // a 409 (another release) is asked again: behind a balancer mid-rollout, another host may fit
  function colourMap(indicator, year, level, selected, focus, url, lang, cid, base, tries) {
    const nu = window.dash_clientside.no_update;
    if (!indicator || !cid) return [nu, nu, nu, nu];
    const ticket = latest[cid] = (latest[cid] || 0) + 1;
    selected = typeof selected === "string" ? selected : null;
    const shown = hideoutOf({id: cid, hideout: base});
    if (shown.key && shown.key === indicator + "|" + year + "|" + level) {
      // the colouring on screen (a new selection, or the page's first render): no fetch; the neighbours at idle
      if ((shown.selected || null) !== selected) recolour(Object.assign({}, shown, {selected: selected}), cid);
      const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
      const address = colouringUrl(indicator, year, level, focus, lang);
      if (!colourings.has(address)) idle(() => fetchColouring(address).then((p) => prefetchNeighbours(p, lang), () => null), {timeout: 3000});
      return [nu, nu, nu, nu];
    }
    return fetchColouring(colouringUrl(indicator, year, level, focus, lang)).then((payload) => {
      if (latest[cid] !== ticket) return [nu, nu, nu, nu];  // the user has moved on: a newer colouring is coming
      const state = payload.state;
      recolour(Object.assign({}, payload.hideout, {selected: selected}), cid);
      prefetchNeighbours(payload, lang);
      const outputs = [payload.geometry !== url ? payload.geometry : nu, state.year !== year ? state.year : nu,
                       state.level !== level ? state.level : nu, (state.focus || null) !== (focus || null) ? state.focus : nu];
      // answered after the frame with the new colours: what Dash does next (the legend's, texts' and table's
      // requests, rendering the controls) would otherwise run before the browser paints
      return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(outputs), 0)));
    }, (error) => {
      if (error && error.otherRelease && latest[cid] === ticket) {
        // the server now serves another release than this page shows: ask again, then open the view on that release
        // (the address keeps the view; the page says that the data release changed)
        if ((tries || 0) < RELEASE_RETRIES) return colourMap(indicator, year, level, selected, focus, url, lang, cid, base, (tries || 0) + 1);
        syncMapView(indicator, year, level, selected, focus);  // the view asked for, not the one still in the address
        window.location.reload();
      }
      console.warn(error);  // the map keeps its colours; the next change tries again
      return [nu, nu, nu, nu];
    });
  }

  function outlineStyle() {
    return {fill: false, color: "#222222", weight: 2, opacity: 0.9, interactive: false, className: "qm-outline"};
  }

  /* Pan so that area `id` lies in the part of its map that `cover` (an element over the map's bottom, e.g. the
   * phone's sheet of key figures) leaves visible: a tapped area is not hidden under its own figures. Returns whether
   * it could act: not while the area's layer is missing or its map still waits for (or flies to) the view its page
   * asks for, which would move the map again (a shared link: the sheet shows before the map has drawn and fitted).
   * Then the request waits and is tried again after the next fit or drawing (retryReveal); a newer request replaces it. */
  let pendingReveal = null;
  function reveal(id, cover) {
    pendingReveal = null;
    const coverTop = cover ? cover.getBoundingClientRect().top : Infinity;
    let acted = false;
    Object.keys(registry).forEach((cid) => {
      const entry = registry[cid];
      const layer = entry.layers.get(id);
      if (!layer || !layer._map || !layer.getBounds) return;
      const map = layer._map;
      const hideout = entry.current || entry.base || {};
      const unfitted = hideout.view && entry.fitted !== JSON.stringify(hideout.view);
      if (!map._loaded || unfitted || map._qmFit === null) return;  // the fit to come would move it (null: flying)
      acted = true;
      if (cover && layer.closeTooltip) layer.closeTooltip();  // the sheet shows what the tooltip would (a tap opens both)
      const box = map.getContainer().getBoundingClientRect();
      const bottom = Math.min(box.bottom, coverTop);
      if (bottom - box.top < 60) return;  // hardly any map visible: panning would not help
      const centre = map.latLngToContainerPoint(layer.getBounds().getCenter());
      const y = box.top + centre.y;
      const margin = Math.max(20, 0.15 * (bottom - box.top));  // not at the very edge of what the sheet leaves
      if (y > box.top + margin && y < bottom - margin) return;  // already in sight
      map.panBy([0, y - (box.top + bottom) / 2], {animate: false});
    });
    if (!acted) pendingReveal = {id: id, cover: cover};
    return acted;
  }

  function retryReveal() {
    const pending = pendingReveal;
    if (pending && (!pending.cover || pending.cover.isConnected)) reveal(pending.id, pending.cover);
  }

  window.qm = Object.assign(window.qm || {}, {map: {areaStyle, onEachArea, outlineStyle, tooltipText, recolour, colourMap, painted, fits, HATCH_ID,
                                                       overlayBoxes, onOverlayChange, reveal}});

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

  /* The map view's state in the address (the syncUrl callback, and before colourMap reloads the page). */
  function syncMapView(indicator, year, level, area, focus) {
    const params = new URLSearchParams(window.location.search);
    const set = (key, value) => (value === null || value === undefined || value === "") ? params.delete(key) : params.set(key, value);
    set("indikator", indicator);
    set("jahr", year);
    set("ebene", level);
    set("gebiet", area);
    set("fokus", focus);
    return replaceUrl(withPageFlags(params, params));
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
      colourMap: colourMap,
      // Mirror the view state in the URL without a reload (replaceState does not re-render the page).
      syncUrl: syncMapView,
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
