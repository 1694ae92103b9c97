// The charts page: drawn from the live API, so they follow the data. The server-rendered tables under each
// chart hold the same numbers (and are all a browser without JavaScript shows).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function rows(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    }).then((body) => body.rows);
  }

  function failed(container, err) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = "The chart could not load its data (" + err.message + "); the table below has the numbers.";
    container.appendChild(p);
  }

  function collapse(container) {
    const details = container.closest("section").querySelector("details.chart-data");
    if (details) details.open = false;
  }

  // Horizontal bars, one per goal, in the goal's official colour; each bar links to the goal's page.
  function goalChart(container) {
    Promise.all([rows(container.dataset.source), rows(container.dataset.colours)]).then(([counts, goals]) => {
      const colour = new Map(goals.map((g) => [g.number, g.colour || "#555555"]));
      const data = counts.map((r) => ({ number: r.number, name: r.goalName || "Goal " + r.number, actions: r.actions, iri: r.goal }));
      const max = Math.max(1, ...data.map((d) => d.actions));
      // Drawn at the container's own pixel width so the text stays readable; narrow screens put each
      // goal's name above its bar.
      const width = Math.max(300, Math.round(container.clientWidth || 800));
      const narrow = width < 620;
      const labelW = narrow ? 0 : Math.min(340, Math.round(width * 0.42));
      const barW = width - labelW - 44;
      const rowH = narrow ? 44 : 28;
      const svg = el("svg", { viewBox: `0 0 ${width} ${data.length * rowH + 10}`, role: "img", "aria-labelledby": "goal-chart-title" }, container);
      el("title", { id: "goal-chart-title" }, svg).textContent = "Actions per SDG goal";
      data.forEach((d, i) => {
        const y = 5 + i * rowH;
        const barY = narrow ? y + 20 : y + 3;
        const barH = narrow ? 18 : rowH - 8;
        const link = el("a", { href: window.CMKG.page(d.iri), class: "goal-bar", "data-goal": d.number }, svg);
        el("title", {}, link).textContent = `Goal ${d.number}, ${d.name}: ${d.actions} action${d.actions === 1 ? "" : "s"}`;
        const label = narrow
          ? el("text", { x: 0, y: y + 14, class: "bar-label" }, link)
          : el("text", { x: labelW - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "bar-label" }, link);
        label.textContent = `${d.number}. ${d.name}`;
        const w = Math.max(d.actions ? 2 : 0, (d.actions / max) * barW);
        el("rect", {
          x: labelW, y: barY, height: barH, width: w,
          fill: colour.get(d.number) || "#555555", class: "bar", "data-goal": d.number, "data-actions": d.actions,
        }, link);
        el("text", { x: labelW + w + 6, y: barY + barH / 2 + 5, class: "bar-value" }, link).textContent = d.actions;
      });
      container.dataset.bars = String(data.length);
      collapse(container);
    }).catch((err) => failed(container, err));
  }

  // A heat map as an HTML table: one row per city, one column per recommendation, darker = more actions.
  function heatMap(container) {
    Promise.all([rows(container.dataset.source), rows(container.dataset.columns)]).then(([cells, recs]) => {
      const columns = recs.map((r) => ({ iri: r.recommendation, label: r.recommendationLabel }))
        .sort((a, b) => a.label.localeCompare(b.label));
      const cities = new Map();
      for (const c of cells) {
        if (!cities.has(c.city)) cities.set(c.city, { label: c.cityLabel, counts: new Map() });
        cities.get(c.city).counts.set(c.recommendation, c.actions);
      }
      const max = Math.max(1, ...cells.map((c) => c.actions));
      const table = document.createElement("table");
      table.className = "heatmap";
      table.innerHTML = "<caption>Actions addressing each recommendation, per city</caption>";
      const head = table.createTHead().insertRow();
      const corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = "City";
      head.appendChild(corner);
      for (const col of columns) {
        const th = document.createElement("th");
        th.scope = "col";
        const a = document.createElement("a");
        a.href = window.CMKG.page(col.iri);
        a.textContent = col.label;
        th.appendChild(a);
        head.appendChild(th);
      }
      const body = table.createTBody();
      const sorted = [...cities.entries()].sort((a, b) => a[1].label.localeCompare(b[1].label));
      for (const [iri, city] of sorted) {
        const tr = body.insertRow();
        const th = document.createElement("th");
        th.scope = "row";
        const a = document.createElement("a");
        a.href = window.CMKG.page(iri);
        a.textContent = city.label;
        th.appendChild(a);
        tr.appendChild(th);
        for (const col of columns) {
          const n = city.counts.get(col.iri) || 0;
          const td = tr.insertCell();
          td.className = "cell";
          td.dataset.actions = n;
          if (n) {
            const t = 0.25 + 0.75 * (n / max);
            td.style.background = `rgba(29, 78, 137, ${t.toFixed(2)})`;
            td.style.color = t > 0.55 ? "#fff" : "#1b1f24";
            td.textContent = n;
            td.title = `${city.label} – ${col.label}: ${n} action${n === 1 ? "" : "s"}`;
          }
        }
      }
      const wrap = document.createElement("div");
      wrap.className = "table-wrap";
      wrap.appendChild(table);
      container.appendChild(wrap);
      container.dataset.cells = String(cells.length);
      collapse(container);
    }).catch((err) => failed(container, err));
  }

  const bars = document.getElementById("goal-chart");
  if (bars) goalChart(bars);
  const heat = document.getElementById("heatmap");
  if (heat) heatMap(heat);
})();
