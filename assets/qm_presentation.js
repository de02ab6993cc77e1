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

  /* -- applying the mode ------------------------------------------------------------------------------- */
  let wasOn = null;
  let pending = false;

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
