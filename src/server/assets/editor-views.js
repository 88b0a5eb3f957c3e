// nkkg query editor: result views for any SELECT query, as YASR plugins beside YASR's table
// (issue 15, like the Wikidata Query Service's views). Each offers itself when the columns
// allow it:
//   network  — two columns hold IRIs: one node per IRI, one edge per distinct pair (cytoscape);
//   map      — a latitude and a longitude column (or a WKT point): one marker per distinct
//              position, sized by its rows, over Natural Earth borders (d3-geo, world-atlas);
//   timeline — a column holds xsd:date, xsd:dateTime, xsd:gYearMonth or xsd:gYear: one item
//              per row, drawn at the date's own precision (a day, a month, a year).
// Labels come from a `?xLabel` column beside `?x` when there is one. Loaded before app.js,
// which links IRIs with `window.nkkgSafeHref`.
"use strict";

(function () {
  const Yasr = Yasgui.Yasr;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const DATE_TYPES = ["date", "dateTime", "gYearMonth", "gYear"].map((t) => XSD + t);
  const SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function html(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The libraries a view needs, loaded (once, from this server) when it is first drawn, so
  // that the editor starts without them.
  const loaded = new Map();
  function load(...names) {
    return Promise.all(
      names.map((name) => {
        if (!loaded.has(name)) {
          loaded.set(
            name,
            new Promise((resolve, reject) => {
              const script = html("script", { src: "/assets/vendor/" + name });
              script.addEventListener("load", resolve);
              script.addEventListener("error", () => reject(new Error("cannot load " + name)));
              document.head.appendChild(script);
            }),
          );
        }
        return loaded.get(name);
      }),
    );
  }

  function icon(symbol) {
    // An <i>, not a <span>: YASR hides the buttons' <span> labels on narrow screens.
    const s = html("i", { class: "nkkg-view-icon", "aria-hidden": "true" }, symbol);
    return s;
  }

  // What every view shares: the solutions, the columns, names for IRIs.
  class View {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 3;
    }
    vars() {
      return (this.yasr.results && this.yasr.results.getVariables()) || [];
    }
    rows() {
      return (this.yasr.results && this.yasr.results.getBindings()) || [];
    }
    // Columns whose every value is an IRI (and that have at least one).
    iriColumns() {
      const rows = this.rows();
      return this.vars().filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || r[v].type === "uri"));
    }
    short(iri) {
      const prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
      for (const [p, ns] of Object.entries(prefixes || {})) if (ns && iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
      return iri;
    }
    // The name shown for the IRI in column `v` of a row: its `?vLabel` column, or its short form.
    name(row, v) {
      const label = row[v + "Label"] || row[v + "_label"];
      return label ? label.value : this.short(row[v].value);
    }
    link(iri) {
      return window.nkkgSafeHref ? window.nkkgSafeHref(iri) : null;
    }
    box(className, summary) {
      const div = html("div", { class: "nkkg-view " + className });
      div.appendChild(html("p", { class: "nkkg-view-summary" }, summary));
      this.yasr.resultsEl.appendChild(div);
      return div;
    }
    width() {
      return Math.max(300, this.yasr.resultsEl.clientWidth || 800);
    }
  }

  // ---- Network ----------------------------------------------------------------------

  class NetworkView extends View {
    constructor(yasr) {
      super(yasr);
      this.label = "Network";
    }
    canHandleResults() {
      return this.iriColumns().length >= 2;
    }
    getIcon() {
      return icon("⬡");
    }
    // Nodes (IRI -> name) and edges (distinct source/target pairs, labelled with the
    // distinct values of the first other literal column) of the first two IRI columns.
    graph() {
      const [from, to] = this.iriColumns();
      const names = new Set(this.vars().filter((v) => v.endsWith("Label") || v.endsWith("_label")));
      const detail = this.vars().find((v) => v !== from && v !== to && !names.has(v) && this.rows().some((r) => r[v] && r[v].type !== "uri"));
      const nodes = new Map();
      const edges = new Map();
      for (const row of this.rows()) {
        if (!row[from] || !row[to]) continue;
        const a = row[from].value;
        const b = row[to].value;
        if (!nodes.has(a)) nodes.set(a, this.name(row, from));
        if (!nodes.has(b)) nodes.set(b, this.name(row, to));
        const key = a + "\n" + b;
        const edge = edges.get(key) || { source: a, target: b, details: new Set() };
        if (detail && row[detail]) edge.details.add(row[detail].value);
        edges.set(key, edge);
      }
      return { from, to, nodes, edges };
    }
    async draw() {
      const { from, to, nodes, edges } = this.graph();
      const box = this.box("nkkg-network", `${nodes.size} nodes, ${edges.size} edges (?${from} → ?${to}); click a node to open its page.`);
      const container = html("div", { class: "nkkg-network-canvas" });
      box.appendChild(container);
      await load("cytoscape/cytoscape.min.js");
      const elements = [];
      for (const [id, label] of nodes) elements.push({ data: { id, label } });
      let n = 0;
      for (const e of edges.values()) elements.push({ data: { id: "e" + n++, source: e.source, target: e.target, label: [...e.details].join(", ") } });
      const cy = cytoscape({
        container,
        elements,
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 10, width: 12, height: 12, "background-color": "#1a5fb4", color: "#1d1d1f", "text-valign": "bottom", "text-margin-y": 2 } },
          { selector: "edge", style: { width: 1.2, "line-color": "#9aa7b5", "target-arrow-color": "#9aa7b5", "target-arrow-shape": "triangle", "curve-style": "bezier", "font-size": 8, color: "#555", "text-rotation": "autorotate" } },
          // Edge labels only while they can be read.
          { selector: "edge", style: { label: edges.size <= 60 ? "data(label)" : "" } },
          { selector: "node:selected", style: { "background-color": "#c01c28" } },
        ],
        layout: { name: nodes.size > 300 ? "grid" : "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 20 },
      });
      cy.on("tap", "node", (event) => {
        const href = this.link(event.target.id());
        if (href) location.href = href;
      });
      // The cytoscape instance, for whoever inspects the view (the browser tests count its nodes).
      container.cy = cy;
      this.cy = cy;
    }
    destroy() {
      if (this.cy) this.cy.destroy();
      this.cy = undefined;
    }
  }

  // ---- Map --------------------------------------------------------------------------

  let world;
  function countries() {
    world ??= fetch("/assets/vendor/world-atlas/countries-50m.json")
      .then((r) => r.json())
      .then((topology) => topojson.feature(topology, topology.objects.countries).features);
    return world;
  }

  const WKT_POINT = /^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)\s*\)\s*$/i;

  class MapView extends View {
    constructor(yasr) {
      super(yasr);
      this.label = "Map";
    }
    getIcon() {
      return icon("◉");
    }
    // The columns that give positions: [lat, long] by name, or a WKT point column.
    position() {
      const vars = this.vars();
      const rows = this.rows();
      const numeric = (v) => rows.some((r) => r[v] && r[v].type !== "uri" && Number.isFinite(Number(r[v].value)));
      const lat = vars.find((v) => /lat(itude)?$/i.test(v) && numeric(v));
      const lon = vars.find((v) => /(lon|long|lng|longitude)$/i.test(v) && numeric(v));
      if (lat && lon) return { lat, lon };
      const wkt = vars.find((v) => rows.some((r) => r[v] && r[v].type !== "uri" && WKT_POINT.test(r[v].value)));
      return wkt ? { wkt } : null;
    }
    canHandleResults() {
      return this.position() !== null;
    }
    // Markers: one per distinct position, with the rows' names and the first IRI to link.
    markers() {
      const pos = this.position();
      const iri = this.iriColumns()[0];
      const markers = new Map();
      for (const row of this.rows()) {
        let lat, lon;
        if (pos.wkt) {
          const m = row[pos.wkt] && WKT_POINT.exec(row[pos.wkt].value);
          if (!m) continue;
          [lon, lat] = [Number(m[1]), Number(m[2])];
        } else {
          if (!row[pos.lat] || !row[pos.lon]) continue;
          [lat, lon] = [Number(row[pos.lat].value), Number(row[pos.lon].value)];
        }
        if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
        const key = lat + "," + lon;
        const m = markers.get(key) || { lat, lon, rows: 0, names: new Set(), iri: null };
        m.rows += 1;
        if (iri && row[iri]) {
          m.names.add(this.name(row, iri));
          m.iri ??= row[iri].value;
        }
        markers.set(key, m);
      }
      return [...markers.values()];
    }
    async draw() {
      const markers = this.markers();
      const box = this.box("nkkg-map", `${markers.length} positions from ${this.rows().length} rows; marker size grows with the rows at a position; click one to open its page.`);
      const width = this.width();
      const height = Math.round(Math.min(560, Math.max(260, width * 0.6)));
      const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "nkkg-map-svg", role: "img", "aria-label": "map of the results" });
      box.appendChild(root);
      if (markers.length === 0) return;
      // d3-geo needs d3-array; both extend the global d3.
      await load("d3-array/d3-array.min.js");
      await load("d3-geo/d3-geo.min.js", "topojson-client/topojson-client.min.js");
      const lats = markers.map((m) => m.lat);
      const lons = markers.map((m) => m.lon);
      const pad = (lo, hi) => Math.max(1.2, (hi - lo) * 0.2);
      const [south, north] = [Math.min(...lats), Math.max(...lats)];
      const [west, east] = [Math.min(...lons), Math.max(...lons)];
      const frame = { type: "MultiPoint", coordinates: [[west - pad(west, east), south - pad(south, north)], [east + pad(west, east), north + pad(south, north)]] };
      const projection = d3.geoMercator().fitExtent([[8, 8], [width - 8, height - 8]], frame).clipExtent([[0, 0], [width, height]]);
      const path = d3.geoPath(projection);
      const land = svg("g", { class: "countries" });
      root.appendChild(land);
      for (const f of await countries()) {
        const d = path(f);
        if (!d) continue;
        const p = svg("path", { d, class: "country" });
        p.appendChild(svg("title", {}, (f.properties && f.properties.name) || ""));
        land.appendChild(p);
      }
      const dots = svg("g", { class: "markers" });
      root.appendChild(dots);
      const most = Math.max(...markers.map((m) => m.rows));
      for (const m of markers.sort((a, b) => b.rows - a.rows)) {
        const [x, y] = projection([m.lon, m.lat]);
        const r = 3 + 6 * Math.sqrt(m.rows / most);
        const circle = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), class: "marker", "data-lat": m.lat, "data-long": m.lon });
        const names = [...m.names];
        circle.appendChild(svg("title", {}, `${names.join(", ") || m.lat + ", " + m.lon} (${m.rows} row${m.rows === 1 ? "" : "s"})`));
        const href = m.iri && this.link(m.iri);
        if (href) {
          const a = svg("a", { href });
          a.appendChild(circle);
          dots.appendChild(a);
        } else {
          dots.appendChild(circle);
        }
        if (markers.length <= 25 && names.length) dots.appendChild(svg("text", { x: (x + r + 2).toFixed(1), y: (y + 3).toFixed(1), class: "marker-label" }, names[0]));
      }
    }
  }

  // ---- Timeline ---------------------------------------------------------------------

  // The interval a typed date covers, at its precision: [start, end) in milliseconds.
  function interval(term) {
    const m = /^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(term.value);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : null, m[3] ? Number(m[3]) : null];
    if (mo === null) return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
    if (d === null) return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1), precision: "month" };
    return { start: Date.UTC(y, mo, d), end: Date.UTC(y, mo, d + 1), precision: "day" };
  }

  class TimelineView extends View {
    constructor(yasr) {
      super(yasr);
      this.label = "Timeline";
    }
    getIcon() {
      return icon("⟿");
    }
    dateColumns() {
      const rows = this.rows();
      return this.vars().filter((v) => rows.some((r) => r[v] && r[v].type !== "uri" && DATE_TYPES.includes(r[v].datatype)));
    }
    canHandleResults() {
      return this.dateColumns().length > 0;
    }
    // One item per row with a date: the first date column starts it, a second one (an end
    // date) extends it; named by the first IRI column's label or the first other literal.
    items() {
      const [from, until] = this.dateColumns();
      const iri = this.iriColumns()[0];
      const text = this.vars().find((v) => v !== from && v !== until && v !== iri + "Label" && this.rows().some((r) => r[v] && r[v].type !== "uri"));
      const items = [];
      for (const row of this.rows()) {
        const start = row[from] && interval(row[from]);
        if (!start) continue;
        const end = until && row[until] && interval(row[until]);
        items.push({
          start: start.start,
          end: end ? Math.max(end.end, start.end) : start.end,
          precision: start.precision,
          when: row[from].value + (end ? " – " + row[until].value : ""),
          name: iri && row[iri] ? this.name(row, iri) : text && row[text] ? row[text].value : row[from].value,
          iri: iri && row[iri] ? row[iri].value : null,
        });
      }
      return items.sort((a, b) => a.start - b.start);
    }
    draw() {
      const items = this.items();
      const box = this.box("nkkg-timeline", `${items.length} items, each as long as its date's precision: a day (blue), a month (green) or a year (amber), or from its start to its end date.`);
      if (items.length === 0) return;
      const width = this.width();
      const lo = Math.min(...items.map((i) => i.start));
      const hi = Math.max(...items.map((i) => i.end));
      const x = (t) => 10 + ((t - lo) / Math.max(1, hi - lo)) * (width - 20);
      // Lanes: each item goes in the first lane free at its start.
      const lanes = [];
      const placed = items.map((item) => {
        const [x0, x1] = [x(item.start), Math.max(x(item.end), x(item.start) + 6)];
        let lane = lanes.findIndex((endX) => endX + 3 <= x0);
        if (lane < 0) lane = lanes.push(0) - 1;
        lanes[lane] = x1;
        return { item, x0, x1, lane };
      });
      const shown = Math.min(lanes.length, 40);
      const height = 30 + shown * 9;
      const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "nkkg-timeline-svg", role: "img", "aria-label": "timeline of the results" });
      const first = new Date(lo).getUTCFullYear();
      const last = new Date(hi).getUTCFullYear();
      const step = Math.max(1, Math.ceil((last - first + 1) / 12));
      for (let y = first; y <= last; y += step) {
        const tx = x(Date.UTC(y, 0, 1));
        root.appendChild(svg("line", { x1: tx, x2: tx, y1: 14, y2: height, class: "tick" }));
        root.appendChild(svg("text", { x: tx + 2, y: 11, class: "tick-label" }, String(y)));
      }
      for (const p of placed) {
        if (p.lane >= shown) continue;
        const bar = svg("rect", { x: p.x0.toFixed(1), y: 20 + p.lane * 9, width: (p.x1 - p.x0).toFixed(1), height: 7, rx: 2, class: "item " + p.item.precision });
        bar.appendChild(svg("title", {}, p.item.when + " " + p.item.name));
        const href = p.item.iri && this.link(p.item.iri);
        if (href) {
          const a = svg("a", { href });
          a.appendChild(bar);
          root.appendChild(a);
        } else {
          root.appendChild(bar);
        }
      }
      box.appendChild(root);
      const list = html("ol", { class: "nkkg-timeline-list" });
      for (const item of items) {
        const li = html("li", { class: "timeline-item" });
        li.appendChild(html("time", {}, item.when));
        li.appendChild(document.createTextNode(" "));
        const href = item.iri && this.link(item.iri);
        li.appendChild(href ? html("a", { href }, item.name) : html("span", {}, item.name));
        list.appendChild(li);
      }
      box.appendChild(list);
    }
  }

  Yasr.registerPlugin("network", NetworkView);
  Yasr.registerPlugin("map", MapView);
  Yasr.registerPlugin("timeline", TimelineView);
})();
