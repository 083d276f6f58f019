/* Locations coloured by severity category, on a plain background (no tile server).
   Leaflet inserts a string tooltip as HTML, and location names come from imported files: the
   label is handed over as a text node, never as markup. */
(function () {
  function textTooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var colours = { high: "#a4262c", medium: "#a15c00", low: "#2f7d32" };
  var map = L.map(el, { attributionControl: true, zoomSnap: 0.25 }).setView([33.2, 43.7], 5.5);
  map.attributionControl.setPrefix(false);
  var rtl = document.documentElement.dir === "rtl";
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var c = colours[feature.properties.category] || "#5b6b69";
          return L.circleMarker(latlng, { radius: 4, color: c, weight: 1, fillColor: c, fillOpacity: 0.75 });
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          lyr.bindTooltip(textTooltip(((rtl && p.name_ar) || p.name) + " · " + Math.round(p.score)));
          lyr.on("click", function () {
            window.location = el.dataset.locationUrl.replace("00000000-0000-0000-0000-000000000000", p.uid);
          });
        }
      }).addTo(map);
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [10, 10], maxZoom: 11 });
    });
})();
