/* In-page timing probe for bench/browser.py, injected before any page script (add_init_script).
 *
 * Times are performance.now() values: milliseconds since navigation start of the document.
 * - arm(): the next input event (pointerdown, mousedown, keydown, click, input, change) is the
 *   start of an interaction; its event.timeStamp is kept as t0.
 * - waitLeaflet(o): resolves window.__qmBench.result when a Leaflet area layer shows the wanted
 *   state, preferring the product's hook window.qm.map.painted[<component id>] = {key, n, t}
 *   (mode "hook"), else the SVG fills of the area paths (mode "svg"). With expected fills and SVG
 *   paths present, the hook's claim is also checked against the SVG (result.svg).
 * - waitPlotly(o): resolves when the plotly figure shows meta.key and is drawn (SVG geo figure:
 *   plotly_afterplot with area paths; MapLibre figure: a frame rendered with every source loaded).
 * Every wait also ends by a plain timer after o.timeout ms with {timeout: true}, even if frames stall.
 * A time taken by this probe is "after paint": a MessageChannel task posted from the rAF callback
 * in which the change was seen runs after that frame's rendering step.
 */
(function () {
  "use strict";
  if (window.__qmBench) return;
  const B = (window.__qmBench = {armedAt: null, t0: null, t0Type: null, result: null, plot: null});
  const INPUT_EVENTS = ["pointerdown", "mousedown", "keydown", "click", "input", "change"];
  INPUT_EVENTS.forEach((type) => window.addEventListener(type, (event) => {
    if (B.armedAt !== null && B.t0 === null) {
      B.t0 = event.timeStamp;
      B.t0Type = event.type;
    }
  }, true));

  B.arm = function () {
    B.armedAt = performance.now();
    B.t0 = null;
    B.t0Type = null;
    B.result = null;
  };

  function afterPaint(callback) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback(performance.now());
    channel.port2.postMessage(null);
  }

  /* -- Leaflet (the product) ------------------------------------------------------------------ */
  const ID_CLASS = /^qm-area-[0-9A-Za-z_.-]+$/;
  const FLAG_CLASSES = ["qm-area-suppressed", "qm-area-selected", "qm-area-outlined"];

  function areaId(el) {
    for (const c of el.classList) if (ID_CLASS.test(c) && !FLAG_CLASSES.includes(c)) return c.slice(8);
    return null;
  }

  /* Compare the SVG fills with the expected ones; cheap sample first (50,000 paths are many). */
  function svgState(o, cache) {
    const root = document.getElementById(o.mapId);
    if (!root) return {paths: 0, ok: false};
    const ids = Object.keys(o.expected);
    const sample = cache.sample || (cache.sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 48)) === 0));
    let stale = !cache.byId;
    if (!stale) for (const id of sample) { const el = cache.byId.get(id); if (!el || !el.isConnected) { stale = true; break; } }
    if (stale) {
      cache.byId = new Map();
      for (const el of root.querySelectorAll("path.qm-area")) { const id = areaId(el); if (id !== null) cache.byId.set(id, el); }
    }
    const paths = cache.byId.size;
    if (paths === 0) return {paths: 0, ok: false};
    for (const id of sample) { const el = cache.byId.get(id); if (!el || el.getAttribute("fill") !== o.expected[id]) return {paths, ok: false}; }
    let wrong = 0;
    for (const id of ids) { const el = cache.byId.get(id); if (!el || el.getAttribute("fill") !== o.expected[id]) wrong += 1; }
    if (o.n !== undefined && o.n !== null && root.querySelectorAll("path.qm-area").length !== o.n) wrong += 1;
    return {paths, ok: wrong === 0, wrong};
  }

  function hookEntry(o) {
    const painted = window.qm && window.qm.map && window.qm.map.painted;
    const p = painted ? painted[o.componentId] : undefined;
    if (!p || p.t < o.since) return null;
    if (o.key !== null && o.key !== undefined && p.key !== o.key) return null;
    if (o.n !== null && o.n !== undefined && p.n !== o.n) return null;
    return p;
  }

  B.hookPresent = function () {
    return !!(window.qm && window.qm.map && window.qm.map.painted);
  };

  /* o: {mode: "hook"|"svg"|"auto", mapId, componentId, key, n, expected, since, timeout, extraSelector} */
  B.gen = 0;  // each wait has its generation: timers and loops of an earlier wait never answer a later one

  B.waitLeaflet = function (o) {
    B.result = null;
    const gen = ++B.gen;
    const started = performance.now();
    const cache = {};
    let extraT = o.extraSelector ? null : 0;
    let mapT = null, via = null, svg = null;
    const timer = setTimeout(() => { if (gen === B.gen && B.result === null) B.result = {timeout: true, timer: true}; }, o.timeout + 50);
    const loop = () => {
      if (gen !== B.gen || B.result !== null) return;
      if (performance.now() - started > o.timeout) {
        B.result = {timeout: true, svg: o.expected ? svgState(o, cache) : null, hook: window.qm && window.qm.map ? window.qm.map.painted : null};
        return;
      }
      if (extraT === null && document.querySelector(o.extraSelector)) {
        extraT = -1;
        afterPaint((t) => { extraT = t; });
      }
      if (mapT === null) {
        const mode = o.mode === "auto" ? (B.hookPresent() ? "hook" : "svg") : o.mode;
        if (mode === "hook") {
          const p = hookEntry(o);
          if (p) {
            const state = o.expected ? svgState(o, cache) : {paths: 0, ok: null};
            // with SVG paths, the hook must agree with them: a styling pass of a stale state does not count
            if (state.paths === 0 || state.ok) { mapT = p.t; via = "hook"; svg = state.paths ? true : "keine SVG-Pfade"; }
            else if (performance.now() - p.t > 2000) { mapT = p.t; via = "hook"; svg = false; }
          }
        } else if (o.expected && svgState(o, cache).ok) {
          mapT = -1; via = "svg"; svg = true;
          afterPaint((t) => { mapT = t; });
        }
      }
      if (mapT !== null && mapT >= 0 && extraT !== null && extraT >= 0) {
        clearTimeout(timer);
        B.result = {t: Math.max(mapT, extraT), mapT, extraT, via, svg, t0: B.t0, t0Type: B.t0Type};
        return;
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };

  /* -- plotly / MapLibre (the baseline) ------------------------------------------------------- */
  function plotState() {
    if (!B.plot) B.plot = {gd: null, map: null, afterplot: -1, dataloading: -1, mapSince: -1, completeRender: -1};
    return B.plot;
  }

  function attachPlot(graphId) {
    const s = plotState();
    const gd = document.querySelector("#" + graphId + " .js-plotly-plot");
    if (gd && gd !== s.gd && typeof gd.on === "function") {
      s.gd = gd;
      gd.on("plotly_afterplot", () => {
        s.afterplot = performance.now();
        s.afterplotKey = gd._fullLayout && gd._fullLayout.meta ? gd._fullLayout.meta.key : null;
      });
    }
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (map && map !== s.map) {
      s.map = map;
      s.mapSince = performance.now();
      map.on("dataloading", () => { s.dataloading = performance.now(); });
      map.on("render", () => {
        if (map.loaded()) afterPaint((t) => { if (s.map === map) s.completeRender = t; });
      });
    }
    return s;
  }

  function geoPaths(gd) {
    return gd ? gd.querySelectorAll("path.choroplethlocation").length : 0;
  }

  /* o: {graphId, key, since, timeout, recolour}. Two kinds of baseline figure:
   * - geo (px.choropleth, SVG): done when plotly finished drawing the figure with meta.key (its
   *   plotly_afterplot, after the input for a recolour) and the SVG holds area paths;
   * - map (px.choropleth_map, MapLibre/WebGL): done when MapLibre rendered a frame with all sources
   *   loaded after the data went in. (Kept to reproduce the stall: map.loaded() can stay false.)
   * The timeout also fires from a plain timer, so a page whose frames stall still gives an answer. */
  B.waitPlotly = function (o) {
    B.result = null;
    const gen = ++B.gen;
    const started = performance.now();
    let done = false, seen = -1;
    const finish = (result) => { if (!done && gen === B.gen) { done = true; B.result = result; } };
    setTimeout(() => finish({timeout: true, state: B.plotDiagnosis(o)}), o.timeout + 50);
    const loop = () => {
      if (done || gen !== B.gen) return;
      if (performance.now() - started > o.timeout) { finish({timeout: true, state: B.plotDiagnosis(o)}); return; }
      const s = attachPlot(o.graphId);
      const full = s.gd && s.gd._fullLayout;
      if (full && full.geo) {
        const key = full.meta && full.meta.key;
        const byEvent = s.afterplotKey === o.key && s.afterplot >= (o.recolour ? o.since : 0);
        // the first figure may be drawn before the listener is attached: then its state counts
        const byState = !o.recolour && key === o.key && s.afterplot < 0;
        if (seen < 0 && (byEvent || byState) && geoPaths(s.gd) > 0) {
          seen = performance.now();
          afterPaint((t) => finish({t, via: "svg-geo", t0: B.t0, t0Type: B.t0Type, afterplot: s.afterplot, paths: geoPaths(s.gd)}));
        }
      } else {
        const meta = s.gd && s.gd.layout && s.gd.layout.meta;
        if (s.map && meta && meta.key === o.key) {
          // the data went into this map (a map of the plain background style renders "complete" before
          // plotly adds its source), after the input for a recolour, and a frame was drawn with it loaded
          const loadedData = s.dataloading > s.mapSince && (!o.recolour || s.dataloading >= o.since);
          if (loadedData && s.completeRender > s.dataloading) {
            finish({t: s.completeRender, via: "maplibre", t0: B.t0, t0Type: B.t0Type, dataloading: s.dataloading, afterplot: s.afterplot});
            return;
          }
        }
      }
      requestAnimationFrame(loop);
    };
    // attach as early as possible (first paint): keep polling until the figure exists
    requestAnimationFrame(loop);
  };

  /* What the baseline page shows when a wait gives up (recorded with the timeout). */
  B.plotDiagnosis = function (o) {
    const s = plotState();
    const full = s.gd && s.gd._fullLayout;
    const map = s.map;
    return {graph: !!s.gd, key: full && full.meta ? full.meta.key : null, wanted: o.key, geo: !!(full && full.geo),
            paths: geoPaths(s.gd), afterplot: s.afterplot, afterplotKey: s.afterplotKey || null,
            mapLoaded: map ? map.loaded() : null, styleLoaded: map ? map.isStyleLoaded() : null,
            dataloading: s.dataloading, completeRender: s.completeRender, visibility: document.visibilityState};
  };
})();
