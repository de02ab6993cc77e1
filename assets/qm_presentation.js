/* Quartiersmonitor presentation mode (projector) and Sitzungsmappe stepping. Committed, never generated.
 *
 * The mode is a URL flag (?praesentation=1) that works on every view: this script reads it on load and
 * on every history change and sets the class "qm-presentation" on <body> and <html>; the look is in
 * assets/qm_projector.css. In-app navigation (dcc.Link / dcc.Location pushState) keeps the flag.
 * The Sitzungsmappe list is kept by a dcc.Store(storage_type="local") under the key "qm-mappe"; the
 * server validates every change to it (dashboard/ui/presentation.py). This script only reads it to step
 * through the views: ArrowRight/PageDown next, ArrowLeft/PageUp previous, Esc leaves the mode.
 * The words this script writes come from data-* attributes of the toggle button, which the server
 * renders in the page language (dashboard/ui/presentation.py header_buttons); German is the fallback.
 * Plotly charts are drawn by the server at screen sizes; in the mode this script enlarges their text (and
 * margins, and the profile's fixed-size charts) with Plotly.relayout, for charts a callback draws later too,
 * and puts the chart's own values back when the mode ends (see fitCharts).
 */
(function () {
  "use strict";
  const FLAG = "praesentation";
  const STORE_KEY = "qm-mappe";
  const SLIDE_KEY = "qm-mappe-folie";
  const TOGGLE = "qm-presentation-toggle";
  const MAPPE_TOGGLE = "qm-mappe-toggle";
  const PANEL = "qm-mappe-panel";
  const CLOSE = "qm-mappe-close";
  const START = "qm-mappe-start";
  const COUNTER = "qm-slide-counter";
  const EDITABLE = "input, textarea, select, [contenteditable='true'], [contenteditable=''], .dash-dropdown, .Select, " +
    "[role='combobox'], [role='listbox'], [role='slider'], .rc-slider, .dash-slider";

  const originalPush = window.history.pushState.bind(window.history);
  const originalReplace = window.history.replaceState.bind(window.history);

  /* a word in the page language from the toggle's data-* attribute, {placeholders} filled */
  function word(name, fallback, values) {
    const toggle = document.getElementById(TOGGLE);
    let text = (toggle && toggle.getAttribute("data-" + name)) || fallback;
    Object.keys(values || {}).forEach((key) => { text = text.split("{" + key + "}").join(String(values[key])); });
    return text;
  }

  function flagOn() {
    return new URLSearchParams(window.location.search).get(FLAG) === "1";
  }

  function withFlag(url, on) {
    const target = new URL(url, window.location.href);
    if (on) target.searchParams.set(FLAG, "1");
    else target.searchParams.delete(FLAG);
    return target.pathname + target.search + target.hash;
  }

  /* path + sorted query without the flag: the same view whatever the parameter order */
  function viewKey(url) {
    const target = new URL(url, window.location.href);
    target.searchParams.delete(FLAG);
    const pairs = Array.from(target.searchParams.entries()).sort((a, b) => (a[0] + "=" + a[1]).localeCompare(b[0] + "=" + b[1]));
    return target.pathname + "?" + new URLSearchParams(pairs).toString();
  }

  function readMappe() {
    try {
      const data = JSON.parse(window.localStorage.getItem(STORE_KEY));
      return data && Array.isArray(data.views) ? data : null;
    } catch (err) {
      return null;
    }
  }

  function currentIndex(views) {
    const here = viewKey(window.location.href);
    const found = views.findIndex((v) => viewKey(v.url) === here);
    if (found >= 0) return found;
    // a view may rewrite its own URL (defaults, normalised parameters): then the last stepped-to slide
    // counts, as long as we are still on its page
    const stored = parseInt(window.sessionStorage.getItem(SLIDE_KEY), 10);
    if (!(Number.isInteger(stored) && stored >= 0 && stored < views.length)) return -1;
    return new URL(views[stored].url, window.location.href).pathname === window.location.pathname ? stored : -1;
  }

  /* In-app navigation the way dcc.Link does it: the router re-renders, no page reload. */
  function go(url) {
    if (!url || url.charAt(0) !== "/" || url.charAt(1) === "/") return;  // only in-app URLs (the server checked them too)
    window.history.pushState({}, "", withFlag(url, true));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  function step(delta) {
    const mappe = readMappe();
    if (!mappe || !mappe.views.length) {
      showCounter(word("no-mappe", "Keine Sitzungsmappe – Ansichten über „Sitzungsmappe“ sammeln"));
      return;
    }
    const views = mappe.views;
    const index = currentIndex(views);
    let next = index < 0 ? (delta > 0 ? 0 : -1) : index + delta;
    if (next < 0 || next >= views.length) return;  // first/last slide: stay
    window.sessionStorage.setItem(SLIDE_KEY, String(next));
    go(views[next].url);
  }

  function start() {
    const mappe = readMappe();
    if (!mappe || !mappe.views.length) return;
    window.sessionStorage.setItem(SLIDE_KEY, "0");
    setPanel(false);
    go(mappe.views[0].url);
  }

  function enter() {
    originalReplace(window.history.state, "", withFlag(window.location.href, true));
    schedule();
  }

  function leave() {
    originalReplace(window.history.state, "", withFlag(window.location.href, false));
    schedule();
  }

  /* -- the "Folie 2 von 6" line --------------------------------------------------------------------- */
  function counterElement() {
    let el = document.getElementById(COUNTER);
    if (!el) {
      el = document.createElement("div");
      el.id = COUNTER;
      el.className = "qm-slide-counter";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  function showCounter(text) {
    const el = counterElement();
    if (el.textContent !== (text || "")) el.textContent = text || "";  // unchanged text: no mutation, no loop
    el.hidden = !text;
  }

  function updateCounter(on) {
    const mappe = readMappe();
    if (!on || !mappe || !mappe.views.length) {
      showCounter("");
      return;
    }
    const index = currentIndex(mappe.views);
    if (index >= 0) window.sessionStorage.setItem(SLIDE_KEY, String(index));
    showCounter(index >= 0 ? word("slide", "Folie {n} von {total}", {n: index + 1, total: mappe.views.length}) : "");
  }

  /* -- panel ---------------------------------------------------------------------------------------- */
  function setPanel(open) {
    const panel = document.getElementById(PANEL);
    const toggle = document.getElementById(MAPPE_TOGGLE);
    if (!panel) return;
    panel.hidden = !open;
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const heading = document.getElementById(PANEL + "-heading");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    } else if (toggle && panel.contains(document.activeElement)) {
      toggle.focus();
    }
  }

  /* -- charts: projector-sized text ------------------------------------------------------------------
   * Every font size the figure sets (layout.font, titles, legend, axes' tick and title fonts, annotations,
   * hover labels) is scaled by one factor, so that the base font becomes CHART_REM rem, and none ends below
   * that; margins grow by the same factor and the axes make room for their labels (automargin). A chart of
   * fixed size (the profile's small multiples) grows with the type, at most to the width of its column.
   * dcc.Graph copies a relayout into its figure prop and draws that again (all but width and height), so
   * the figure itself carries what was done: layout[MARK] = {size, width, height, restore}, restore being
   * the chart's own values, which a relayout puts back when the mode ends. A figure a callback sends later
   * has no mark and is scaled once drawn; a marked one is left alone (no loop with the redraws). */
  const CHART_REM = 0.75;  // 18.75 px at 1920x1080
  const MARK = "qmPresentation";

  function get(obj, path) {
    return path.split(/[.[\]]+/).filter(Boolean).reduce((o, key) => (o === undefined || o === null ? undefined : o[key]), obj);
  }

  /* dcc.Graph's own box (it carries the size the server gave), around Plotly's graph div */
  function boxOf(gd) {
    return gd.parentElement && gd.parentElement.classList.contains("dash-graph") ? gd.parentElement : gd;
  }

  function setBox(gd, width, height) {
    [boxOf(gd), gd].forEach((el) => {
      el.style.width = width === null ? "" : width + "px";
      el.style.height = height === null ? "" : height + "px";
    });
  }

  function chartUpdate(gd, size) {
    const layout = gd.layout;
    const base = get(layout, "font.size") || 12;
    const k = size / base;
    const update = {};
    const restore = {};
    const put = (path, value) => {
      const old = get(layout, path);
      restore[path] = old === undefined ? null : old;
      update[path] = value;
    };
    const scaled = (old, fallback) => Math.max(size, Math.round((typeof old === "number" ? old : fallback) * k * 10) / 10);
    put("font.size", size);
    ["title.font.size", "legend.font.size"].forEach((path) => {
      if (typeof get(layout, path) === "number") put(path, scaled(get(layout, path)));
    });
    put("hoverlabel.font.size", scaled(get(layout, "hoverlabel.font.size"), 13));
    if (get(layout, "title.yanchor") === "top") put("title.pad.t", Math.round(size / 4));  // the taller type stays inside
    Object.keys(layout).filter((key) => /^[xy]axis[0-9]*$/.test(key)).forEach((axis) => {
      put(axis + ".tickfont.size", scaled(get(layout, axis + ".tickfont.size"), base));
      if (typeof get(layout, axis + ".title.font.size") === "number") put(axis + ".title.font.size", scaled(get(layout, axis + ".title.font.size")));
      put(axis + ".automargin", true);
    });
    (layout.annotations || []).forEach((note, i) => put("annotations[" + i + "].font.size", scaled(get(note, "font.size"), base)));
    ["l", "r", "t", "b"].forEach((side) => {
      const old = get(layout, "margin." + side);
      if (typeof old === "number") put("margin." + side, Math.round(old * k));
    });
    const mark = {size, restore, width: null, height: null};
    // a chart of fixed size grows with its type, as far as its column allows
    if (typeof layout.width === "number" && typeof layout.height === "number") {
      const box = boxOf(gd);
      const room = box.parentElement ? box.parentElement.clientWidth : layout.width;
      mark.width = Math.max(layout.width, Math.min(Math.round(layout.width * k), room));
      mark.height = Math.round(layout.height * Math.max(1, k));
      restore.width = layout.width;
      restore.height = layout.height;
    }
    update[MARK] = mark;
    restore[MARK] = null;
    return update;
  }

  function fitChart(gd, size) {
    const layout = gd.layout;
    if (!layout || !gd._fullLayout || !window.Plotly) return;
    const mark = layout[MARK];
    if (mark && mark.size !== size) {  // back to the chart's own values (and then, maybe, to another size)
      if (mark.width !== null) setBox(gd, mark.restore.width, mark.restore.height);
      window.Plotly.relayout(gd, mark.restore);
      if (!size) return;
    } else if (mark) {  // done; only dcc.Graph may have drawn it at the server's width and height again
      if (mark.width !== null && layout.width !== mark.width) {
        setBox(gd, mark.width, mark.height);
        window.Plotly.relayout(gd, {width: mark.width, height: mark.height});
      }
      return;
    }
    if (!size) return;
    const update = chartUpdate(gd, size);
    const next = update[MARK];
    if (next.width !== null) {
      setBox(gd, next.width, next.height);
      update.width = next.width;
      update.height = next.height;
    }
    window.Plotly.relayout(gd, update);
  }

  function fitCharts(on) {
    const rem = parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 16;
    const size = on ? Math.round(CHART_REM * rem * 10) / 10 : 0;
    document.querySelectorAll(".js-plotly-plot").forEach((gd) => fitChart(gd, size));
  }

  /* the footer keeps the top left free for the slide counter: the sizes it needs (assets/qm_projector.css) */
  function measureFrame(on) {
    if (!on) return;
    const root = document.documentElement.style;
    const counter = document.getElementById(COUNTER);
    const footer = document.querySelector(".qm-footer");
    const set = (name, px) => { if (root.getPropertyValue(name) !== px) root.setProperty(name, px); };
    if (counter && !counter.hidden) {
      set("--qm-counter-w", counter.offsetWidth + "px");
      set("--qm-counter-h", counter.offsetHeight + "px");
    }
    if (footer) set("--qm-footer-h", footer.offsetHeight + "px");
  }

  /* -- applying the mode ------------------------------------------------------------------------------- */
  let wasOn = null;
  let pending = false;
  let printing = false;  // a printout is the report: charts at their own sizes (see the print listeners below)

  function apply() {
    pending = false;
    const on = flagOn();
    document.body.classList.toggle("qm-presentation", on);
    document.documentElement.classList.toggle("qm-presentation", on);
    const toggle = document.getElementById(TOGGLE);
    if (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      const label = on ? word("label-stop", "Präsentation beenden") : word("label-start", "Präsentation");
      if (toggle.textContent !== label) toggle.textContent = label;
    }
    updateCounter(on);
    measureFrame(on);
    fitCharts(on && !printing);
    if (wasOn !== null && wasOn !== on) {
      // the map box changed size: Leaflet and responsive plotly charts re-measure on window resize
      window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
    }
    wasOn = on;
  }

  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(apply);
  }

  window.history.pushState = function (state, title, url) {
    // links inside the app keep the presentation mode
    if (url !== undefined && url !== null && flagOn()) {
      const target = new URL(url, window.location.href);
      if (target.origin === window.location.origin) url = withFlag(url, true);
    }
    const result = originalPush(state, title, url);
    schedule();
    return result;
  };
  window.history.replaceState = function (state, title, url) {
    const result = originalReplace(state, title, url);
    schedule();
    return result;
  };
  window.addEventListener("popstate", schedule);
  window.addEventListener("resize", schedule);  // the type follows the width: charts and footer again
  // the mode's styles are for screens only (assets/qm_projector.css); its charts go back to their sizes to print
  const printMedia = window.matchMedia("print");
  const printChange = (value) => () => {
    printing = value || printMedia.matches;
    apply();
  };
  window.addEventListener("beforeprint", printChange(true));
  window.addEventListener("afterprint", printChange(false));
  printMedia.addEventListener("change", printChange(false));

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button") : null;
    if (!target) return;
    if (target.id === TOGGLE) {
      if (flagOn()) leave();
      else enter();
    } else if (target.id === MAPPE_TOGGLE) {
      const panel = document.getElementById(PANEL);
      setPanel(panel ? panel.hidden : false);
    } else if (target.id === CLOSE) {
      setPanel(false);
    } else if (target.id === START) {
      start();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    const panel = document.getElementById(PANEL);
    if (event.key === "Escape") {
      if (panel && !panel.hidden) {
        setPanel(false);
        event.preventDefault();
      } else if (flagOn() && !(target && target.closest(EDITABLE))) {
        leave();
        event.preventDefault();
      }
      return;
    }
    if (!flagOn() || (target && target.closest(EDITABLE)) || (panel && !panel.hidden && panel.contains(target))) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      step(1);
      event.preventDefault();
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      step(-1);
      event.preventDefault();
    }
  });

  // Dash renders the header, map and legend after this script ran: keep them in step with the mode.
  new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                         attributeFilter: ["class", "fill"]});
  apply();

  /* the view shown now, for "Aktuelle Ansicht hinzufügen" (the server validates it) */
  function currentView(clicks) {
    const heading = document.querySelector("#qm-page .qm-map-title, #qm-page h1, #qm-page h2");
    const title = (heading ? heading.textContent : document.title).replace(/\s+/g, " ").trim().slice(0, 200);
    return {url: withFlag(window.location.pathname + window.location.search, false), title: title, nonce: clicks + ":" + Date.now()};
  }

  window.qm = Object.assign(window.qm || {}, {presentation: {FLAG, step, start, enter, leave, currentView}});
  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_presentation: {currentView}});
})();
