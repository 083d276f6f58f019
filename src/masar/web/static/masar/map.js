/* Draw an area's boundaries and locations with Leaflet, on a plain background (no tile server).
   Leaflet inserts a string tooltip as HTML, and names come from imported files: every label is
   handed over as a text node, never as markup. */
(function () {
  function textTooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var map = L.map(el, { attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("OCHA COD-AB · Natural Earth");
  var point = el.dataset.point;
  if (point) {
    var ll = point.split(",").map(Number);
    map.setView(ll, 11);
  } else {
    map.setView([33.2, 43.7], 5.5);
  }
  if (!el.dataset.geojson) return;
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function () { return { color: "#0b5e55", weight: 1, fillOpacity: 0.08 }; },
        pointToLayer: function (feature, latlng) {
          var p = feature.properties, isArea = p.kind === "area";
          return L.circleMarker(latlng, {
            radius: p.radius || (isArea ? 4 : 3),
            color: p.color || (isArea ? "#5b6b69" : "#a15c00"), weight: 1, fillOpacity: 0.6
          });
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          lyr.bindTooltip(textTooltip(p.label || p.name || p.pcode || ""));
          if (p.kind === "area") lyr.on("click", function () { window.location = "../" + p.pcode + "/"; });
          if (p.kind === "location") lyr.on("click", function () { window.location = p.url || "/geo/locations/" + p.uid + "/"; });
        }
      }).addTo(map);
      if (!point && layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [10, 10], maxZoom: 11 });
    });
})();
