/* Time series (/zeitreihen) on a narrow screen (a phone): the lines' end labels (a right-hand axis, dashboard/ui/trends.py)
   would take half the width, so there the figure names its lines in a legend below the chart instead, drops the text of
   the break markers (the notes explain the dashed vertical line) and labels every second year. Wide screens draw the
   figure as the server sent it. A clientside callback on the graph's own figure (dashboard/ui/trends.py passes the
   graph's id); a resize or rotation re-checks the width (debounced) and swaps the two versions through set_props. */
(function () {
  "use strict";
  const NARROW = 560; // px of the chart's column below which the end labels give way to a legend
  const DEBOUNCE = 200; // ms after the last resize event
  const graphs = {}; // graph id -> {wide: the server's figure, style: its box style, narrow: the drawn version is narrow}

  function columnWidth(id) {
    const graph = document.getElementById(id);
    const column = graph && graph.parentElement;
    return column ? column.getBoundingClientRect().width : window.innerWidth;
  }

  function narrowed(figure) {
    const out = Object.assign({}, figure, {layout: Object.assign({}, figure.layout)});
    const layout = out.layout;
    layout.meta = Object.assign({}, layout.meta, {narrow: true});
    layout.yaxis2 = Object.assign({}, layout.yaxis2, {visible: false});
    layout.showlegend = true;
    // the legend at the foot of the figure (plotly makes room for it), one entry a row
    layout.legend = Object.assign({}, layout.legend, {orientation: "v", yref: "container", y: 0, yanchor: "bottom", x: 0});
    layout.annotations = (layout.annotations || []).filter((a) => a.name !== "break");
    layout.shapes = (layout.shapes || []).filter((shape) => shape.name !== "leader");  // they point at the end labels
    const range = layout.xaxis && layout.xaxis.range;
    if (range && range[1] - range[0] > 8) layout.xaxis = Object.assign({}, layout.xaxis, {dtick: 2});
    out.data = (figure.data || []).map((trace) =>
      trace.meta && trace.meta.kind === "gemessen" ? Object.assign({}, trace, {showlegend: true}) : trace);
    return out;
  }

  function legendEntries(figure) {
    return figure.data.filter((t) => t.showlegend !== false && (!t.meta || t.meta.kind !== "endlabels")).length;
  }

  function isNarrow(figure) {
    return Boolean(figure && figure.layout && figure.layout.meta && figure.layout.meta.narrow);
  }

  /* The version of a graph's figure its column wants now: [figure, style], or null when the drawn one fits. */
  function wanted(id) {
    const known = graphs[id];
    if (!known) return null;
    const narrow = columnWidth(id) < NARROW;
    if (narrow === known.narrow) return null;
    known.narrow = narrow;
    if (!narrow) return [known.wide, known.style];
    const out = narrowed(known.wide);
    const height = parseInt((known.style && known.style.height) || "460", 10);
    return [out, Object.assign({}, known.style, {height: (height + 24 * legendEntries(out)) + "px"})];
  }

  /* Clientside callback on the graph's own figure: a new figure from the server is remembered as the wide version and
     narrowed when the column is narrow; the narrowed one coming back (set by this callback) needs nothing. */
  function trendFigure(figure, style, id) {
    const noUpdate = window.dash_clientside.no_update;
    if (!id || !figure || !figure.layout) return [noUpdate, noUpdate];
    if (isNarrow(figure)) return [noUpdate, noUpdate];
    if (!figure.layout.yaxis2) {  // an empty chart: nothing to adapt
      delete graphs[id];
      return [noUpdate, noUpdate];
    }
    graphs[id] = {wide: figure, style: style, narrow: false};
    return wanted(id) || [noUpdate, noUpdate];
  }

  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      Object.keys(graphs).forEach((id) => {
        if (!document.getElementById(id)) {  // the page changed: forget the graph
          delete graphs[id];
          return;
        }
        const next = wanted(id);
        if (next && window.dash_clientside.set_props) window.dash_clientside.set_props(id, {figure: next[0], style: next[1]});
      });
    }, DEBOUNCE);
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_trends: {figure: trendFigure}});
})();
