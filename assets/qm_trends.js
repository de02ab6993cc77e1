/* Time series (/zeitreihen) on a narrow screen (a phone): the lines' end labels (a right-hand axis, dashboard/ui/trends.py)
   would take half the width, so there the figure names its lines in a legend below the chart instead, drops the text of
   the break markers (the notes explain the dashed vertical line) and labels every second year. Wide screens draw the
   figure as the server sent it. A clientside callback on the graph's own figure (dashboard/ui/trends.py). */
(function () {
  "use strict";
  const NARROW = 560; // px of the chart's column below which the end labels give way to a legend
  const GRAPH = "trends-graph";

  function columnWidth() {
    const graph = document.getElementById(GRAPH);
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

  /* The graph's own figure: on a narrow column the legend version, and a box tall enough for the legend. */
  function trendFigure(figure, style) {
    const noUpdate = window.dash_clientside.no_update;
    const adaptable = figure && figure.layout && figure.layout.yaxis2 && !(figure.layout.meta && figure.layout.meta.narrow);
    if (!adaptable || columnWidth() >= NARROW) return [noUpdate, noUpdate];
    const out = narrowed(figure);
    const height = parseInt((style && style.height) || "460", 10);
    return [out, Object.assign({}, style, {height: (height + 24 * legendEntries(out)) + "px"})];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {qm_trends: {figure: trendFigure}});
})();
