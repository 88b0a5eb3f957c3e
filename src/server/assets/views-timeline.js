// /timeline: events (as `nkkg timeline` selects them) and dated support and supply
// relations along time, each drawn over the span its date stands for (a year-only date as
// the whole year, a month as the month, a day as that day), filterable by period, actor
// and place (an event at a place or within it). Each item links to its page, and a click
// shows its evidence. The filters are kept in the URL (?from=&to=&actor=&place=).

import { sparql, relations, actorInfo, el, pageLink, yearOf, dateSpan, precision, evidence, evidenceList, status, short } from "./common.js";

/** The height of a lane of bars, in pixels. */
const LANE = 15;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const clip = (text, n) => (text.length <= n ? text : text.slice(0, Math.max(1, n - 1)) + "…");

// The same selection as src/explore/timeline.rs: events with a type, a label and a date.
const [eventRows, typeRows, placeRows, partRows, rels] = await Promise.all([
  sparql(`SELECT DISTINCT ?date ?end ?event ?label WHERE {
    ?event a nk:Event ; rdfs:label ?label ; nk:eventType/skos:prefLabel ?typeLabel .
    OPTIONAL { ?event nk:date ?d } OPTIONAL { ?event nk:startDate ?s } OPTIONAL { ?event nk:endDate ?e }
    BIND(COALESCE(?d, ?s) AS ?date) BIND(?e AS ?end) FILTER(BOUND(?date)) } ORDER BY STR(?date) ?label ?event`),
  sparql(`SELECT ?event ?l WHERE { ?event a nk:Event ; nk:eventType/skos:prefLabel ?l }`),
  sparql(`SELECT DISTINCT ?event ?p ?l WHERE { ?event a nk:Event ; nk:place/nk:partOf* ?p . ?p rdfs:label ?l }`),
  sparql(`SELECT DISTINCT ?event ?a WHERE { ?event a nk:Event ; nk:participation/nk:participant ?a }`),
  relations(),
]);

const actorIris = new Set([...rels.flatMap((r) => [r.s, r.t]), ...partRows.map((r) => r.a.value)]);
const labels = new Map([...(await actorInfo([...actorIris]))].map(([iri, i]) => [iri, i.label]));
const group = (rows, k, v) => rows.reduce((m, r) => m.set(r[k].value, new Set([...(m.get(r[k].value) || []), r[v].value])), new Map());
const typesOf = group(typeRows, "event", "l");
const placesOf = group(placeRows, "event", "p");
const actorsOf = group(partRows, "event", "a");
const placeLabels = new Map(placeRows.map((r) => [r.p.value, r.l.value]));

const items = [];
for (const r of eventRows) {
  items.push({ kind: "event", iri: r.event.value, label: r.label.value, date: r.date.value, end: r.end ? r.end.value : null, types: [...(typesOf.get(r.event.value) || [])].sort(), actors: actorsOf.get(r.event.value) || new Set(), places: placesOf.get(r.event.value) || new Set() });
}
const byRelation = new Map();
for (const r of rels) {
  if (!r.d1) continue;
  const it = byRelation.get(r.x) || { kind: r.kind, iri: r.x, date: r.d1, end: r.d2 !== r.d1 ? r.d2 : null, types: [], pol: r.pol, actors: new Set([r.s, r.t]), places: new Set(), label: `${labels.get(r.s) || short(r.s)} → ${labels.get(r.t) || short(r.t)}` };
  if (!it.types.includes(r.type)) it.types.push(r.type);
  byRelation.set(r.x, it);
}
for (const it of byRelation.values()) {
  it.label += ` (${it.types.join(", ")}, ${it.pol})`;
  items.push(it);
}
for (const it of items) {
  it.y1 = yearOf({ value: it.date });
  it.y2 = yearOf({ value: it.end || it.date });
  const [a, b] = [dateSpan(it.date), dateSpan(it.end || it.date)];
  it.span = [a[0], Math.max(a[1], b[1])];
}
items.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));

const years = items.flatMap((i) => [i.y1, i.y2]);
const [minYear, maxYear] = [Math.min(...years), Math.max(...years)];
const params = new URLSearchParams(location.search);
const fill = (select, iris, names) => {
  for (const iri of [...iris].sort((a, b) => names.get(a).localeCompare(names.get(b)))) select.append(el("option", { value: iri, svg: false, text: names.get(iri) }));
};
fill(document.getElementById("actor"), new Set(items.flatMap((i) => [...i.actors]).filter((a) => labels.has(a))), labels);
fill(document.getElementById("place"), new Set(items.flatMap((i) => [...i.places])), placeLabels);
for (const [id, v] of [["year-from", params.get("from") || minYear], ["year-to", params.get("to") || maxYear], ["actor", params.get("actor") || ""], ["place", params.get("place") || ""]]) {
  const input = document.getElementById(id);
  if (id.startsWith("year")) Object.assign(input, { min: minYear, max: maxYear });
  input.value = v;
  input.addEventListener("change", draw);
}
for (const id of ["show-events", "show-relations"]) document.getElementById(id).addEventListener("change", draw);
draw();
status(document.getElementById("status").textContent, true);

function filtered() {
  let [from, to] = [Number(document.getElementById("year-from").value), Number(document.getElementById("year-to").value)];
  if (from > to) [from, to] = [to, from];
  const [actor, place] = [document.getElementById("actor").value, document.getElementById("place").value];
  const [events, rels] = [document.getElementById("show-events").checked, document.getElementById("show-relations").checked];
  const q = new URLSearchParams();
  if (from > minYear) q.set("from", from);
  if (to < maxYear) q.set("to", to);
  if (actor) q.set("actor", actor);
  if (place) q.set("place", place);
  history.replaceState(null, "", q.size ? "?" + q : location.pathname);
  const list = items.filter(
    (i) => (i.kind === "event" ? events : rels) && i.y2 >= from && i.y1 <= to && (!actor || i.actors.has(actor)) && (!place || i.places.has(place)),
  );
  return { list, from, to };
}

function draw() {
  const { list, from, to } = filtered();
  const nEvents = list.filter((i) => i.kind === "event").length;
  status(`${nEvents} events, ${list.length - nEvents} relations, ${from}–${to}`);
  drawChart(list, from, to);
  document.getElementById("list-title").textContent = `Items ${from}–${to} (${list.length})`;
  document.getElementById("items").replaceChildren(
    ...list.map((i) =>
      el("li", { class: i.kind, svg: false, "data-iri": i.iri },
        el("time", { svg: false, title: `${precision(i.date)} precision`, text: i.end ? `${i.date}/${i.end}` : i.date }), " ",
        pageLink(i.iri, i.label), i.kind === "event" ? el("span", { class: "types", svg: false, text: ` (${i.types.join(", ")})` }) : null, " ",
        el("button", { type: "button", class: "link", svg: false, text: "evidence", onclick: () => show(i) })),
    ),
  );
}

/** Bars over the time axis, packed into lanes; year (and month) ticks on top. */
function drawChart(list, from, to) {
  const svg = document.getElementById("timeline");
  const [t0, t1] = [Date.UTC(from, 0, 1), Date.UTC(to + 1, 0, 1)];
  // A few years get room for their months and labels; a long period fits the window
  // (at least 8 px a year), scrolling sideways past that.
  const years = to - from + 1;
  const room = svg.parentElement.clientWidth - 4;
  const width = Math.max(room, years <= 12 ? years * 220 : years * 8);
  const x = (t) => 8 + ((t - t0) / (t1 - t0)) * (width - 16);
  const lanes = [];
  const bars = [];
  for (const i of list) {
    const [a, b] = [x(Math.max(i.span[0], t0)), x(Math.min(i.span[1], t1))];
    let lane = lanes.findIndex((end) => end + 2 < a);
    if (lane < 0) lane = lanes.push(0) - 1;
    lanes[lane] = Math.max(b, a + 3);
    bars.push({ i, a, w: Math.max(3, b - a), lane });
    // The label goes on the bar when it fits there.
  }
  const height = 30 + lanes.length * LANE + 8;
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const ticks = [];
  // A year label every `step` years, so that labels stay 40 px apart or more.
  const perYear = x(Date.UTC(from + 1, 0, 1)) - x(Date.UTC(from, 0, 1));
  const step = [1, 2, 5, 10, 20, 50].find((n) => n * perYear >= 40) || 100;
  for (let y = from; y <= to + 1; y++) {
    const labelled = y % step === 0 || step === 1;
    if (perYear >= 4 || labelled) ticks.push(el("line", { class: labelled ? "tick" : "tick minor", x1: x(Date.UTC(y, 0, 1)), x2: x(Date.UTC(y, 0, 1)), y1: 18, y2: height }));
    if (y <= to && labelled) ticks.push(el("text", { class: "year-label", x: x(Date.UTC(y, 0, 1)) + 3, y: 13, text: y }));
    // Months, when a year is wide enough to show them.
    if (y <= to && x(Date.UTC(y + 1, 0, 1)) - x(Date.UTC(y, 0, 1)) > 400) {
      for (let m = 1; m < 12; m++) {
        const mx = x(Date.UTC(y, m, 1));
        ticks.push(el("line", { class: "tick month", x1: mx, x2: mx, y1: 18, y2: height }), el("text", { class: "month-label", x: mx + 2, y: 13, text: MONTHS[m] }));
      }
    }
  }
  // Scrolled to where the middle item is, when the chart is wider than its window.
  if (list.length) {
    const middle = list[Math.floor(list.length / 2)].span[0];
    svg.parentElement.scrollLeft = Math.max(0, x(Math.max(middle, t0)) - room / 3);
  }
  svg.replaceChildren(
    ...ticks,
    ...bars.flatMap(({ i, a, w, lane }) => [
      el("rect", { class: `bar ${i.kind} ${precision(i.date)}${i.end ? " interval" : ""}`, "data-iri": i.iri, x: a.toFixed(1), y: 24 + lane * LANE, width: w.toFixed(1), height: LANE - 3, rx: 2, onclick: () => show(i) },
        el("title", { text: `${i.end ? i.date + "/" + i.end : i.date} ${i.label}` })),
      w > 40 ? el("text", { class: "bar-label", x: a + 3, y: 24 + lane * LANE + LANE - 6, text: clip(i.label, Math.floor((w - 6) / 5.6)) }) : null,
    ]).filter(Boolean),
  );
}

async function show(i) {
  const panel = document.getElementById("details");
  panel.replaceChildren(
    el("h2", { svg: false }, pageLink(i.iri, i.label)),
    el("p", { svg: false, text: `${i.kind}, ${i.end ? i.date + " to " + i.end : i.date} (${precision(i.date)} precision)${i.types.length ? ", " + i.types.join(", ") : ""}` }),
  );
  try {
    panel.append(evidenceList(await evidence(i.iri)));
  } catch (err) {
    panel.append(el("p", { class: "error", svg: false, text: err.message }));
  }
}
