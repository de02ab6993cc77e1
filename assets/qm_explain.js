/* The indicator pickers rank what they find: a match in the label's words first, then in the label anywhere, then in
   the id, then in the definition only (ui/components.register_indicator_search). Dash's dropdown filters by id, label
   and definition but keeps the options' order (its search index is unordered), so typing "unter 6" listed an
   unemployment indicator whose definition says "unter 65" before "EW unter 6 Jahren". This callback reorders the
   options for the typed text; without text they return to their order (grouped by dimension). */
(function () {
  "use strict";
  const originalOrder = {};  // picker id -> {signature, index: value -> position in the first options seen}

  function words(text) {
    return String(text || "").toLowerCase().split(/[^0-9a-zäöüß]+/).filter(Boolean);
  }

  function score(option, tokens) {
    const label = String(option.label || "").toLowerCase();
    const labelWords = words(label);
    if (tokens.every((token) => labelWords.some((word) => word.startsWith(token)))) return 0;
    if (tokens.every((token) => label.includes(token))) return 1;
    if (tokens.some((token) => String(option.value || "").toLowerCase().includes(token))) return 2;
    return 3;
  }

  function rank(search, options, id) {
    if (!Array.isArray(options)) return window.dash_clientside.no_update;
    const key = typeof id === "string" ? id : JSON.stringify(id);
    const signature = options.map((o) => o.value).slice().sort().join("\u0001");
    if (!originalOrder[key] || originalOrder[key].signature !== signature) {
      originalOrder[key] = {signature: signature, index: new Map(options.map((o, i) => [o.value, i]))};
    }
    const index = originalOrder[key].index;
    const tokens = words(search);
    const scored = options.map((option) => ({option: option, position: index.get(option.value),
                                             score: tokens.length && !option.disabled ? score(option, tokens) : 0}));
    // without text: the original order (dimension headers and their indicators); with text: by score, headers last
    scored.sort((a, b) => tokens.length
      ? ((a.option.disabled ? 9 : a.score) - (b.option.disabled ? 9 : b.score)) || (a.position - b.position)
      : a.position - b.position);
    const ranked = scored.map((s) => s.option);
    const unchanged = ranked.every((option, i) => option === options[i]);
    return unchanged ? window.dash_clientside.no_update : ranked;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_explain: {rankIndicators: rank}});

  /* A link into a section ("Methodik ›" of a legend: /methodik#klassen) is followed inside the app, where the router
     renders the page after the address changed: the browser's own jump to the anchor came too early. Once the
     section is there, it is scrolled into view (once per address). */
  let jumped = "";
  function jumpToAnchor() {
    const hash = window.location.hash.slice(1);
    const address = window.location.pathname + window.location.search + window.location.hash;
    if (!hash || jumped === address) return;
    const target = document.getElementById(decodeURIComponent(hash));
    if (!target) return;
    jumped = address;
    target.scrollIntoView({block: "start"});
  }

  function watchPage() {
    const page = document.getElementById("qm-page");
    if (!page) { setTimeout(watchPage, 100); return; }
    new MutationObserver(jumpToAnchor).observe(page, {childList: true});
    jumpToAnchor();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchPage);
  else watchPage();
})();
