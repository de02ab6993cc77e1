/* Map overlays (dashboard/overlays.py, dashboard/ui/overlays.py): facilities, funding areas, measures over the
 * choropleth. Referenced from Python as {"variable": "qm.overlays.<name>"}; each layer's hideout is
 * {id, color, kind}. Points are markers in the overlay's colour (a feature may bring its own
 * properties.color, e.g. by category), clustered by dash-leaflet (supercluster) into round counts in the same colour;
 * outlines are drawn unfilled in their own pane (qm-overlay-outlines, above the choropleth, below the place names).
 * The tooltip is feature.properties.title (bold) and .lines (plain text), set as text, never as HTML.
 * The URL keeps the chosen overlays as ebenen=a,b (syncOverlays).
 */
(function () {
  "use strict";

  function hideoutOf(context) {
    return (context && context.hideout) || {};
  }

  /* only a colour like #1b7837 reaches a style or the cluster's HTML (the import checks them; this is the backstop) */
  function safeColor(value) {
    return typeof value === "string" && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : null;
  }

  function colorOf(feature, context) {
    const own = feature && feature.properties && safeColor(feature.properties.color);
    return own || safeColor(hideoutOf(context).color) || "#333";
  }

  /* the tooltip's content as a DOM node: title bold, then one line per entry (text only) */
  function tooltipNode(feature, context) {
    const props = (feature && feature.properties) || {};
    const box = document.createElement("div");
    box.className = "qm-overlay-tip";
    const label = hideoutOf(context).label;
    if (label) {
      const layer = document.createElement("div");
      layer.className = "qm-overlay-tip-layer";
      layer.textContent = label;
      box.appendChild(layer);
    }
    if (props.title) {
      const title = document.createElement("strong");
      title.textContent = String(props.title);
      box.appendChild(title);
    }
    (Array.isArray(props.lines) ? props.lines : []).forEach((line) => {
      const row = document.createElement("div");
      row.textContent = String(line);
      box.appendChild(row);
    });
    return box;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
  }

  /* The overlay's credit in the map's attribution while any of its markers or outlines is on the map: Leaflet counts
   * each addAttribution against its removeAttribution, so every drawn piece adds it once and takes it away once
   * (dash-leaflet's GeoJSON does not hand its `attribution` to Leaflet). */
  function credit(layer, context) {
    const text = hideoutOf(context).credit;
    if (!text) return layer;
    const html = escapeHtml(text);
    layer.on("add", (event) => {
      const control = event.target._map && event.target._map.attributionControl;
      if (control) { control.addAttribution(html); layer._qmCredit = control; }
    });
    layer.on("remove", () => {
      if (layer._qmCredit) { layer._qmCredit.removeAttribution(html); layer._qmCredit = null; }
    });
    return layer;
  }

  function pointToLayer(feature, latlng, context) {
    const options = {radius: 6, weight: 1.5, color: "#fff", fillColor: colorOf(feature, context), fillOpacity: 0.95,
                     className: "qm-overlay-point"};
    if (hideoutOf(context).pane) options.pane = hideoutOf(context).pane;  // below the place names (ui/overlays.py)
    const marker = L.circleMarker(latlng, options);
    return credit(marker, context);
  }

  function clusterToLayer(feature, latlng, index, context) {
    const count = feature.properties.point_count;
    const size = count < 10 ? 26 : count < 100 ? 32 : 40;
    const color = safeColor(hideoutOf(context).color) || "#333";
    const html = '<div class="qm-overlay-cluster-inner" style="background:' + color + '"><span>' +
      String(feature.properties.point_count_abbreviated).replace(/[^0-9.k]/g, "") + "</span></div>";
    const icon = L.divIcon({html: html, className: "qm-overlay-cluster", iconSize: L.point(size, size)});
    const options = {icon: icon, keyboard: false, title: String(count)};
    if (hideoutOf(context).pane) options.pane = hideoutOf(context).pane;
    return credit(L.marker(latlng, options), context);
  }

  function onEachFeature(feature, layer, context) {
    if (feature.properties && feature.properties.cluster) return;  // a cluster: its count is the marker
    if (hideoutOf(context).kind === "outlines") credit(layer, context);  // points got theirs in pointToLayer
    layer.bindTooltip(() => tooltipNode(feature, context), {className: "qm-tooltip qm-overlay-tooltip", sticky: false});
  }

  function outlineStyle(feature, context) {
    return {color: colorOf(feature, context), weight: 2.5, opacity: 0.95, fill: true, fillOpacity: 0.0,
            dashArray: hideoutOf(context).dash || null};
  }

  window.qm = Object.assign(window.qm || {}, {overlays: {pointToLayer, clusterToLayer, onEachFeature, outlineStyle, tooltipNode}});

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    qm_overlays: {
      /* the chosen overlays into the address (ebenen=…), the rest of it unchanged */
      syncOverlays: function (chosen) {
        const params = new URLSearchParams(window.location.search);
        const list = Array.isArray(chosen) ? chosen.filter((v) => typeof v === "string") : [];
        if (list.length) params.set("ebenen", list.join(",")); else params.delete("ebenen");
        const query = params.toString();
        const url = window.location.pathname + (query ? "?" + query : "");
        if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, "", url);
        return url;
      },
    },
  });
})();
