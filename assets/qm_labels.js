/* Quartiersmonitor place names on the maps. Committed, never generated.
 *
 * Every area of the web geometry carries a label point computed at import (properties.label = [lon, lat],
 * the pole of inaccessibility, and label_r = its distance to the border in metres; dashboard/ingest/build.py).
 * dashboard/ui/components.py area_map routes the features here: onEachOutline for the outline level
 * (districts), onEachArea for the shown areas (which then calls qm.map.onEachArea for colour and tooltip).
 *
 * What is named (docs/ingest.md "Namen auf der Karte" says the same for users):
 * - the outline level always (subject only to the collision test); a map of the outline level itself names its
 *   areas the same way when they are few (at most FEW: Berlin's 12 Bezirke), else (a dataset with one level of
 *   hundreds of areas) as areas, by the next rule;
 * - the shown areas when the view is focused (hideout.focus: only the areas in the focus, never the faded
 *   ones outside), or when the map is zoomed in far enough that the name nearly fits inside the area
 *   (its width at most FIT times the diameter of the largest circle inside, label_r).
 * No overlaps: after each zoom/move the candidates are placed greedily in order: the district of the selected
 * area, that area, the other districts, then the areas, larger ones first; a label whose box (text plus halo) meets a placed one or a map
 * control or the legend, or leaves the map, is hidden; an outline-level name (or an area name whose point is
 * off screen) then moves to the free point of the area's visible part farthest from its border, so a district
 * is named even when zoomed into a corner of it. These searches share a budget of BUDGET trial points per layout
 * (the first candidates in the order above get them), so no map costs more than a few ms per move. Widths come
 * from canvas measureText (no layout per label) and are cached, the boxes of controls and legend too
 * (qm.map.overlayBoxes, shared with the map's fit), so a move costs about one latLng -> pixel conversion per
 * candidate and no forced layout. A new focus or selection comes from qm.map.recolour (refocus).
 * The labels live in a pane of their own above the outlines, below tooltips, with pointer-events: none, so
 * they never take a click or hover from the areas. Sizes and halo: assets/qm_labels.css (bigger in
 * body.qm-presentation).
 *
 * For tests: each shown label is a .qm-maplabel with data-id, data-lat, data-lon (its anchor); window.qm.labels
 * .stats(cid) says how many are shown after how many layouts, how long the last one took (ms) and how many
 * trial points its fallback searches used (trials, at most BUDGET); .relayout(cid)
 * lays the names out at once and returns its ms (to measure the cost at a given view).
 */
(function () {
  "use strict";
  const PANE = "qm-labels";
  const FIT = 1.6;  // a name may be this much wider than the largest circle inside its area
  const PAD = 2;  // px around a label's box (the halo)
  const EARTH = 40075016.686;  // metres around the equator (web mercator scale)
  const GRID = 600;  // at most about this many trial points when a district's name needs another place
  const FEW = 30;  // a map of the outline level with at most this many areas names them all, like districts
  const BUDGET = 2 * GRID;  // trial points of all fallback searches of one layout together

  const maps = {};  // areas component id -> state
  const widths = new Map();  // font + text -> px
  let canvas = null;

  function stateFor(cid, map) {
    let state = maps[cid];
    if (!state || state.map !== map) {
      state = maps[cid] = {map: map, cid: cid, outlines: new Map(), areas: new Map(), focus: null, selected: null,
                           elements: new Map(), pane: null, placed: 0, layouts: 0, ms: 0, trials: 0, scheduled: false,
                           base: undefined, urls: {}};
      attach(state);
    }
    return state;
  }

  function attach(state) {
    const map = state.map;
    const pane = map.getPane(PANE) || map.createPane(PANE);
    pane.classList.add("qm-labels-pane", "leaflet-zoom-hide");  // hidden while Leaflet animates a zoom
    pane.setAttribute("aria-hidden", "true");  // the names are also in the tooltip and the table
    state.pane = pane;
    map.on("zoomend moveend resize viewreset", () => schedule(state));
    if (window.qm && window.qm.map) window.qm.map.onOverlayChange(map, () => schedule(state));  // controls, legend
  }

  function schedule(state) {
    if (state.scheduled) return;
    state.scheduled = true;
    requestAnimationFrame(() => {  // after dash-leaflet has added the whole batch of features
      state.scheduled = false;
      layout(state);
    });
  }

  function entry(feature, layer) {
    const p = feature.properties || {};
    if (!Array.isArray(p.label) || !p.name) return null;
    return {id: String(p.id), name: String(p.name), lon: p.label[0], lat: p.label[1], r: +p.label_r || 0, layer: layer, seen: false};
  }

  function applyHideout(state, hideout) {
    state.focus = hideout && hideout.focus ? hideout.focus : null;
    state.selected = hideout && hideout.selected ? String(hideout.selected) : null;
  }

  function onEachArea(feature, layer, context) {
    if (window.qm && window.qm.map) window.qm.map.onEachArea(feature, layer, context);
    if (!context || !context.map || !context.id) return;
    const state = stateFor(context.id, context.map);
    if (state.base !== context.hideout) {  // a freshly mounted component: its own hideout holds focus/selection
      state.base = context.hideout;
      applyHideout(state, context.hideout);
    }
    state.urls.areas = context.url;
    const item = entry(feature, layer);
    if (item) state.areas.set(item.id, item);
    schedule(state);
  }

  function onEachOutline(feature, layer, context) {
    if (!context || !context.map || !context.id) return;
    const cid = String(context.id).replace(/-outlines$/, "");
    const state = stateFor(cid, context.map);
    state.urls.outlines = context.url;
    const item = entry(feature, layer);
    if (item) state.outlines.set(item.id, item);
    schedule(state);
  }

  /* A new colouring (qm.map.recolour, on the view's colouring store): a new focus or selection re-labels the map. */
  function refocus(hideout, cid) {
    const state = cid ? maps[cid] : null;
    if (!state || !hideout) return;
    applyHideout(state, hideout);
    schedule(state);
  }

  function live(items) {
    // a level switch removes the old level's layers; a layer not yet on the map (just created) is kept
    const out = [];
    items.forEach((item, id) => {
      if (item.layer && item.layer._map) { item.seen = true; out.push(item); }
      else if (item.seen || !item.layer) items.delete(id);
    });
    return out;
  }

  function measure(text, font) {
    const key = font + "\u0000" + text;
    let width = widths.get(key);
    if (width === undefined) {
      canvas = canvas || document.createElement("canvas");
      const ctx = canvas.getContext("2d");
      ctx.font = font;
      width = Math.ceil(ctx.measureText(text).width);
      widths.set(key, width);
    }
    return width;
  }

  function fontOf(state, kind) {
    const key = kind + " " + document.body.className;  // the sizes change only with the presentation mode
    if (state.fonts && state.fonts[key]) return state.fonts[key];
    const probe = elementFor(state, "__probe_" + kind, kind);
    probe.style.visibility = "hidden";
    probe.style.display = "";
    probe.textContent = "Xg";
    const style = getComputedStyle(probe);
    const font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    const height = Math.ceil(parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2);
    probe.style.display = "none";
    state.fonts = state.fonts || {};
    return (state.fonts[key] = {font: font, height: height, transform: style.textTransform});
  }

  function elementFor(state, id, kind) {
    let el = state.elements.get(id);
    if (!el) {
      el = document.createElement("div");
      state.pane.appendChild(el);
      state.elements.set(id, el);
    }
    el.className = "qm-maplabel qm-maplabel-" + kind;
    return el;
  }

  function overlaps(a, boxes) {
    for (let i = 0; i < boxes.length; i += 1) {
      const b = boxes[i];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
    return false;
  }

  /* What lies on top of the map (its controls and the legend), measured once for the map's fit and the names
   * (qm.map.overlayBoxes, kept until something changes size; the map's one ResizeObserver then lays out again). */
  function obstacleBoxes(state) {
    return window.qm.map.overlayBoxes(state.map).filter((o) => o.kind !== "title").map((o) => o.box);
  }

  /* The rings of nested Leaflet latlngs (any nesting: rings, polygons, multipolygons), each point projected. */
  function ringsFrom(latlngs, project) {
    const rings = [];
    (function walk(list) {
      if (!list.length) return;
      if (list[0] instanceof L.LatLng) rings.push(list.map(project));
      else list.forEach(walk);
    })(latlngs);
    return rings;
  }

  /* The area's rings in container pixels (outer rings and holes alike, for the even-odd rule). Leaflet keeps
   * them clipped to the view and simplified to the pixel (layer._parts, fresh after each move); without them
   * the rings are projected here. */
  function ringsOf(map, layer) {
    if (Array.isArray(layer._parts)) {
      return layer._parts.filter((ring) => ring.length > 2).map((ring) => ring.map((p) => map.layerPointToContainerPoint(p)));
    }
    return ringsFrom(layer.getLatLngs ? layer.getLatLngs() : [], (ll) => map.latLngToContainerPoint(ll));
  }

  function inside(x, y, rings) {
    let odd = false;
    rings.forEach((ring) => {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const a = ring[i], b = ring[j];
        if ((a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) odd = !odd;
      }
    });
    return odd;
  }

  /* Whether a point lies in a polygon given as Leaflet latlngs (any nesting: rings, polygons). */
  function containsLatLng(latlngs, lat, lon) {
    return inside(lon, lat, ringsFrom(latlngs, (ll) => ({x: ll.lng, y: ll.lat})));
  }

  function borderDistance(x, y, rings) {
    let best = Infinity;
    rings.forEach((ring) => {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const a = ring[j], b = ring[i];
        const dx = b.x - a.x, dy = b.y - a.y;
        const t = dx || dy ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy))) : 0;
        const ex = a.x + t * dx - x, ey = a.y + t * dy - y;
        best = Math.min(best, ex * ex + ey * ey);
      }
    });
    return Math.sqrt(best);
  }

  /* A name whose label point is off screen (or, for the outline level, covered): the free point of the visible
   * part of the area farthest from its border (a pole of inaccessibility of what is on screen), on a grid. */
  function fallbackPoint(map, item, w, h, boxes, size, grid, loose, budget) {
    if (budget.left <= 0) return null;
    const bounds = item.layer.getBounds();
    const a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    if (!loose && (Math.min(b.x, size.x) - Math.max(a.x, 0) < w || Math.min(b.y, size.y) - Math.max(a.y, 0) < h)) return null;  // too little on screen
    const rings = ringsOf(map, item.layer);
    if (!rings.length) return null;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    rings.forEach((ring) => ring.forEach((p) => { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }));
    x0 = Math.max(x0, w / 2); y0 = Math.max(y0, h / 2); x1 = Math.min(x1, size.x - w / 2); y1 = Math.min(y1, size.y - h / 2);
    if (x0 > x1 || y0 > y1) return null;
    const step = Math.max(loose ? 4 : 8, Math.sqrt((x1 - x0) * (y1 - y0) / Math.min(grid, budget.left)));
    let best = null;
    for (let y = y0; y <= y1 && budget.left > 0; y += step) {
      for (let x = x0; x <= x1 && budget.left > 0; x += step) {
        budget.left -= 1;
        // the anchor and most of the name's width inside the area, so the name does not sit on a neighbour
        // (loose: the district of the selected area, which must be named: the anchor inside is enough)
        if (!inside(x, y, rings) || (!loose && (!inside(x - 0.4 * w, y, rings) || !inside(x + 0.4 * w, y, rings)))) continue;
        const box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
        if (overlaps(box, boxes)) continue;
        const d = borderDistance(x, y, rings);
        if (d >= (loose ? 2 : h / 2) && (!best || d > best.d)) best = {x: x, y: y, d: d, box: box};
      }
    }
    return best;
  }

  function layout(state) {
    const map = state.map;
    if (!map._loaded || !map._container || !map._container.isConnected) return;
    const started = performance.now();
    const size = map.getSize();
    // the outline level is named only over another level; a map of the outline level itself (the top level, or a
    // dataset with one level) names its areas as areas: where they fit or are in focus, not all of them always
    let outlines = live(state.outlines);
    let areas = live(state.areas);
    const outlineIds = new Set(outlines.map((o) => o.id));
    if ((state.urls.areas && state.urls.areas === state.urls.outlines) || areas.some((a) => outlineIds.has(a.id))) {
      // a map of the outline level itself: few areas (Berlin's 12 Bezirke) are all named like districts, many
      // (a dataset with one level of hundreds of areas) as areas
      outlines = areas.length <= FEW ? areas : [];
      if (outlines.length) areas = [];
    }
    const big = fontOf(state, "outline");
    const small = fontOf(state, "area");
    const metresPerPx = EARTH * Math.cos(map.getCenter().lat * Math.PI / 180) / (256 * Math.pow(2, map.getZoom()));
    const focus = state.focus;

    // the district of the selected area first, then that area, the other districts, the areas
    const chosen = state.selected ? state.areas.get(state.selected) : null;
    const home = chosen ? outlines.find((o) => o.layer.getLatLngs && containsLatLng(o.layer.getLatLngs(), chosen.lat, chosen.lon)) : null;
    const candidates = [];
    outlines.forEach((o) => candidates.push({item: o, kind: "outline", font: big, rank: o === home ? 0 : 2, size: o.r}));
    areas.forEach((a) => {
      if (focus && !focus[a.id]) return;  // faded, outside the focus
      const selected = a === chosen;
      candidates.push({item: a, kind: "area", font: small, rank: selected ? 1 : 3, size: a.r, focused: !!focus || selected});
    });
    candidates.sort((x, y) => (x.rank - y.rank) || (y.size - x.size) || (x.item.id < y.item.id ? -1 : 1));

    const boxes = obstacleBoxes(state).slice();
    // no name covers the selected area when it is small on screen (the profile's overview map), not even its own
    let keepClear = null;
    if (chosen && chosen.layer.getBounds) {
      const bounds = chosen.layer.getBounds();
      const a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
      if ((b.x - a.x) * (b.y - a.y) < 0.05 * size.x * size.y) boxes.push(keepClear = [a.x, a.y, b.x, b.y]);
    }
    const shown = new Set();
    const budget = {left: BUDGET};
    // a district that finds its own point taken looks elsewhere only after every district has tried its own
    const deferred = [];
    const place = (c, retry) => {
      const item = c.item;
      const text = c.font.transform === "uppercase" ? item.name.toUpperCase() : item.name;
      const w = measure(text, c.font.font) + 2 * PAD;
      const h = c.font.height + 2 * PAD;
      if (c.kind === "area" && !c.focused && w > FIT * 2 * item.r / metresPerPx) return;  // does not fit yet: zoom in
      if (item === chosen && keepClear) return;  // small on screen: its fill shows where it is, its name would hide it
      const p = map.latLngToContainerPoint([item.lat, item.lon]);
      let box = [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
      let anchor = L.latLng(item.lat, item.lon);
      const offscreen = box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y;
      if (offscreen || overlaps(box, boxes)) {
        // a district looks for another place whenever its own is taken; an area only when its point is off screen
        if (c.kind === "outline" && !retry && item !== home) { deferred.push(c); return; }
        const other = (c.kind === "outline" || offscreen) && item.layer.getBounds
          ? fallbackPoint(map, item, w, h, boxes, size, c.kind === "outline" ? GRID : GRID / 6, item === home, budget) : null;
        if (!other) return;
        box = other.box;
        anchor = map.containerPointToLatLng([other.x, other.y]);
      }
      boxes.push(box);
      shown.add(item.id);
      const el = elementFor(state, item.id, c.kind);
      if (el.textContent !== item.name) el.textContent = item.name;
      el.dataset.id = item.id;
      el.dataset.lat = anchor.lat.toFixed(6);
      el.dataset.lon = anchor.lng.toFixed(6);
      const at = map.latLngToLayerPoint(anchor);
      el.style.transform = "translate(" + Math.round(at.x) + "px," + Math.round(at.y) + "px) translate(-50%,-50%)";
      el.style.visibility = "";
      el.style.display = "";
    };
    candidates.filter((c) => c.kind === "outline").forEach((c) => place(c, false));
    deferred.forEach((c) => place(c, true));
    candidates.filter((c) => c.kind === "area").forEach((c) => place(c, true));
    state.elements.forEach((el, id) => {
      if (!shown.has(id) && el.style.display !== "none") el.style.display = "none";  // kept for the next time
    });
    state.placed = shown.size;
    state.trials = BUDGET - budget.left;
    state.layouts += 1;
    state.ms = performance.now() - started;
  }

  // presentation mode changes the label sizes: lay out again when <body>'s class changes
  function watchPresentation() {
    new MutationObserver(() => Object.keys(maps).forEach((cid) => schedule(maps[cid])))
      .observe(document.body, {attributes: true, attributeFilter: ["class"]});
  }
  if (document.body) watchPresentation(); else document.addEventListener("DOMContentLoaded", watchPresentation);

  window.qm = Object.assign(window.qm || {}, {
    labels: {onEachArea, onEachOutline, refocus,
             relayout: (cid) => { if (maps[cid]) layout(maps[cid]); return maps[cid] ? maps[cid].ms : null; },
             stats: (cid) => (maps[cid] ? {placed: maps[cid].placed, layouts: maps[cid].layouts, ms: maps[cid].ms,
                                           trials: maps[cid].trials, budget: BUDGET} : null)},
  });
})();
