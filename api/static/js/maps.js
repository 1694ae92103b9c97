// Maps with Leaflet (served from /static/vendor). Markers are SVG circles, so they need no image and
// still show when the base-map tiles cannot be fetched (no network): then they stand on a plain background.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  function baseLayer(map) {
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    }).addTo(map);
  }

  function text(value) {
    const span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  // One marker on a resource page (a city with coordinates).
  const place = document.getElementById("place-map");
  if (place) {
    const at = [parseFloat(place.dataset.lat), parseFloat(place.dataset.long)];
    const map = L.map(place, { scrollWheelZoom: false }).setView(at, 9);
    baseLayer(map);
    L.circleMarker(at, { radius: 9, color: "#1d4e89", weight: 2, fillColor: "#1d4e89", fillOpacity: 0.6, className: "city-marker" })
      .addTo(map)
      .bindTooltip(place.dataset.label);
  }

  // Every city, from the live API (GET /queries/city-map), sized by its number of actions.
  const big = document.getElementById("city-map");
  if (big) {
    const map = L.map(big, { scrollWheelZoom: false, worldCopyJump: true }).setView([38, 10], 4);
    baseLayer(map);
    fetch(big.dataset.source, { headers: { Accept: "application/json" } })
      .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then((data) => {
        const cities = new Map();
        for (const row of data.rows) {
          if (!cities.has(row.city)) {
            cities.set(row.city, { name: row.cityLabel, country: row.countryLabel, lat: +row.lat, long: +row.long, iri: row.city, actions: [] });
          }
          if (row.action) cities.get(row.city).actions.push({ iri: row.action, title: row.actionTitle });
        }
        const bounds = [];
        for (const city of cities.values()) {
          const n = city.actions.length;
          const marker = L.circleMarker([city.lat, city.long], {
            radius: 6 + 3 * Math.sqrt(n), color: "#0b2e59", weight: 1.5, fillColor: n ? "#1d4e89" : "#8a94a3", fillOpacity: 0.7,
            className: "city-marker",
          }).addTo(map);
          const items = city.actions.map((a) => `<li><a href="${text(window.CMKG.page(a.iri))}">${text(a.title)}</a></li>`).join("");
          marker.bindPopup(
            `<strong><a href="${text(window.CMKG.page(city.iri))}">${text(city.name)}</a></strong>` +
            (city.country ? ` <span>(${text(city.country)})</span>` : "") +
            `<br>${n} action${n === 1 ? "" : "s"}` + (items ? `<ul>${items}</ul>` : ""));
          marker.bindTooltip(`${city.name}: ${n} action${n === 1 ? "" : "s"}`);
          bounds.push([city.lat, city.long]);
        }
        if (bounds.length) map.fitBounds(bounds, { padding: [30, 30] });
        big.dataset.markers = String(cities.size);
      })
      .catch((err) => {
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = "The map could not load its data (" + err.message + "); the table below lists the cities.";
        big.after(p);
      });
  }
})();
