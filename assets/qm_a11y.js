/* Quartiersmonitor: accessibility repairs for third-party widgets — the Dash 4 form components
 * (dcc.Dropdown, dcc.Slider, dcc.RadioItems, dcc.Checklist, dcc.Upload) and Leaflet's map areas.
 *
 * The layouts name every control with `html.Label(..., htmlFor=<component id>)`, but Dash 4.4 renders
 * these widgets in ways the label cannot reach and has no prop for aria-* attributes:
 * - Slider: the focusable thumb is a <span role="slider"> without a name (the label points at the
 *   container div, which is not labelable); with marks only (step=None) the arrow keys do nothing;
 * - RadioItems / Checklist: the native radios and checkboxes sit inside <label role="option"> in a
 *   <div role="listbox"> without a name: screen readers announce a nameless list box, and an
 *   interactive "option" containing an input is nested-interactive;
 * - Dropdown: the <button> is named by its current value only (aria-labelledby wins over the
 *   <label for>), and the Tab stop is a hidden <input aria-hidden="true"> that forwards focus to the
 *   button (a Safari workaround): a focusable element hidden from assistive technology;
 * - Upload: the Tab stop is the transparent <input type="file">, without a name;
 * - Leaflet (dash-leaflet): every area of the map is a Tab stop (see repairMapAreas).
 * This script wires the existing labels into the widgets and restores the native semantics. It only
 * sets attributes React does not change after mounting (or changes back, like aria-selected), and
 * every change is idempotent, so it never fights a re-render. The axe audit
 * (tests/e2e/test_accessibility.py) and the keyboard walkthrough (tests/e2e/test_keyboard.py) pin
 * the result; if Dash or Leaflet fix a defect upstream, the matching repair finds nothing to do.
 */
(function () {
  "use strict";

  function labelFor(id) {
    if (!id) return null;
    return document.querySelector('label[for="' + CSS.escape(id) + '"]');
  }

  function labelId(label) {
    if (!label.id) label.id = "qm-label-" + label.htmlFor;
    return label.id;
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function nameBy(el, label) {
    setAttr(el, "aria-labelledby", labelId(label));
  }

  function repairOptionList(list) {
    if (list.closest(".dash-dropdown-content")) return;  // the open dropdown's list box is a real list box
    const radios = list.classList.contains("dash-radioitems");
    setAttr(list, "role", radios ? "radiogroup" : "group");
    const label = labelFor(list.id);
    if (label) nameBy(list, label);
    for (const option of list.querySelectorAll("label.dash-options-list-option")) {
      if (option.hasAttribute("role")) option.removeAttribute("role");
      if (option.hasAttribute("aria-selected")) option.removeAttribute("aria-selected");
    }
  }

  function repairSlider(container) {
    const label = labelFor(container.id);
    for (const thumb of container.querySelectorAll('[role="slider"]')) {
      if (label) nameBy(thumb, label);
    }
  }

  function repairDropdown(button) {
    // name = the label, then the button's own visible content (values, "2 gewählt") in reading order,
    // so the spoken name contains the visible text (WCAG 2.5.3); Dash names it by the value alone
    const label = labelFor(button.id);
    if (label) setAttr(button, "aria-labelledby", labelId(label) + " " + button.id);
    // the clear cross inside the button is no control of its own (not focusable; Delete clears)
    button.querySelectorAll(".dash-dropdown-clear").forEach((cross) => setAttr(cross, "aria-hidden", "true"));
    const focusTarget = button.previousElementSibling;
    if (focusTarget && focusTarget.classList.contains("dash-dropdown-focus-target")) {
      // the button itself becomes the Tab stop; the forwarding input leaves the focus order and the
      // accessibility tree for good (inert also outlasts Dash resetting its tabIndex on blur)
      if (!focusTarget.inert) focusTarget.inert = true;
      if (!button.disabled && button.tabIndex !== 0) button.tabIndex = 0;
    }
  }

  // Upload: the Tab stop is the (transparent) file input, not the visible button inside, and it has no
  // name; it takes the visible text of its drop area ("Datei laden")
  function repairUpload(input) {
    if (input.hasAttribute("aria-label") || input.labels.length) return;
    const text = input.parentElement.textContent.trim();
    if (text) setAttr(input, "aria-label", text);
  }

  // Leaflet 1.9 listens for focus on every area with a tooltip, which makes each SVG path a Tab stop
  // in Chromium: hundreds of stops between the map controls and the table, none of which can select
  // its area. The areas leave the Tab order (keyboard users choose areas through the table and the
  // search; the map container stays one stop for panning and zooming). A path given an explicit
  // tabindex by the map code is left alone.
  function repairMapAreas() {
    document.querySelectorAll(".leaflet-container path.leaflet-interactive:not([tabindex])")
      .forEach((path) => path.setAttribute("tabindex", "-1"));
  }

  // Leaflet's zoom buttons are titled in English; they follow the page language.
  const ZOOM_TITLES = {de: {in: "Vergrößern", out: "Verkleinern"}, en: {in: "Zoom in", out: "Zoom out"}};
  function repairZoomButtons() {
    const titles = ZOOM_TITLES[document.documentElement.lang] || ZOOM_TITLES.de;
    for (const [cls, title] of [["leaflet-control-zoom-in", titles.in], ["leaflet-control-zoom-out", titles.out]]) {
      document.querySelectorAll("a." + cls).forEach((a) => { setAttr(a, "title", title); setAttr(a, "aria-label", title); });
    }
  }

  function repair() {
    scheduled = false;
    repairZoomButtons();
    document.querySelectorAll(".dash-radioitems, .dash-checklist").forEach(repairOptionList);
    document.querySelectorAll(".dash-slider-container[id]").forEach(repairSlider);
    document.querySelectorAll("button.dash-dropdown").forEach(repairDropdown);
    document.querySelectorAll('div[aria-disabled] > input[type="file"]').forEach(repairUpload);
    repairMapAreas();
  }

  // Slider with marks only (step=None: the year slider, whose data years may have gaps): Dash 4 hands
  // Radix a step of about a hundredth of the range and snaps every change back to the nearest mark, so
  // the arrow and page keys do nothing (and commit an unsnapped value); only Home/End work. Here these
  // keys move to the neighbouring mark, through Dash's public API (component layout, set_props).
  const STEP_KEYS = {ArrowRight: 1, ArrowUp: 1, PageUp: 1, ArrowLeft: -1, ArrowDown: -1, PageDown: -1};

  function marksOnly(id) {
    const api = window.dash_component_api;
    const layout = api && api.getLayout ? api.getLayout(id) : null;
    const props = layout && layout.props;
    if (!props || props.step !== null || !props.marks) return null;
    return Object.keys(props.marks).map(Number).filter(Number.isFinite).sort((a, b) => a - b);
  }

  function stepToMark(event) {
    const direction = STEP_KEYS[event.key];
    const thumb = direction && event.target.closest && event.target.closest('[role="slider"]');
    const container = thumb && thumb.closest(".dash-slider-container[id]");
    if (!container || event.altKey || event.ctrlKey || event.metaKey || !window.dash_clientside) return;
    const marks = marksOnly(container.id);
    if (!marks || !marks.length) return;
    event.preventDefault();
    event.stopPropagation();  // Radix would otherwise commit its unsnapped value
    const now = Number(thumb.getAttribute("aria-valuenow"));
    const next = direction > 0 ? marks.find((v) => v > now) : marks.slice().reverse().find((v) => v < now);
    if (next !== undefined) window.dash_clientside.set_props(container.id, {value: next});
  }

  document.addEventListener("keydown", stepToMark, true);

  let scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(repair);
    }
  }

  // Leaflet restyles change fill/stroke attributes only; they do not wake this observer.
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["role", "aria-selected", "aria-labelledby", "tabindex", "disabled", "id"],
  });
  schedule();
})();
