// /map: the places with coordinates (geo:lat, geo:long) and the events at them on an
// offline map of the South Caucasus. A place's circle grows with the number of its events
// that pass the filters (period, top-level event type); a place links to its page, and a
// click lists its events.

import { sparql, el, link, pageLink, yearOf, status } from "./common.js";
import { REGION, loadBorders, projectionFor, drawBase, inNagornoKarabakh } from "./geo.js";

const svg = document.getElementById("map");
const [places, events, typeRows, b] = await Promise.all([
  sparql(`SELECT ?p ?label ?lat ?long WHERE { ?p geo:lat ?lat ; geo:long ?long . OPTIONAL { ?p rdfs:label ?label } }`),
  sparql(`SELECT ?e ?label ?p ?date ?end WHERE {
    ?p geo:lat ?lat . ?e nk:place ?p ; a nk:Event ; rdfs:label ?label .
    OPTIONAL { ?e nk:date ?d } OPTIONAL { ?e nk:startDate ?s } OPTIONAL { ?e nk:endDate ?end } BIND(COALESCE(?d, ?s) AS ?date) }`),
  sparql(`SELECT DISTINCT ?e ?type WHERE { ?e a nk:Event ; nk:eventType/skos:broader* ?top . ?top skos:topConceptOf nkv:EventTypes ; skos:prefLabel ?type }`),
  loadBorders(),
]);
const typesOf = new Map();
for (const r of typeRows) typesOf.set(r.e.value, new Set([...(typesOf.get(r.e.value) || []), r.type.value]));

const placeList = [];
const seenPlace = new Set();
for (const r of places) {
  const [lat, long] = [Number(r.lat.value), Number(r.long.value)];
  if (seenPlace.has(r.p.value) || !Number.isFinite(lat) || !Number.isFinite(long)) continue;
  seenPlace.add(r.p.value);
  placeList.push({ iri: r.p.value, label: r.label ? r.label.value : r.p.value, lat, long });
}
const eventsByPlace = new Map();
const seenEvent = new Set();
for (const r of events) {
  const key = r.e.value + " " + r.p.value;
  if (seenEvent.has(key)) continue;
  seenEvent.add(key);
  const item = { iri: r.e.value, label: r.label.value, date: r.date ? r.date.value : null, y1: yearOf(r.date), y2: yearOf(r.end) ?? yearOf(r.date), types: typesOf.get(r.e.value) || new Set() };
  eventsByPlace.set(r.p.value, [...(eventsByPlace.get(r.p.value) || []), item]);
}

const types = [...new Set([...eventsByPlace.values()].flat().flatMap((e) => [...e.types]))].sort();
const typeBox = document.getElementById("f-type");
for (const t of types) {
  const input = el("input", { type: "checkbox", value: t, checked: true, svg: false });
  input.addEventListener("change", draw);
  typeBox.append(el("label", { class: "check", svg: false }, input, " " + t));
}
const years = [...eventsByPlace.values()].flat().flatMap((e) => [e.y1, e.y2]).filter((y) => y !== null);
const [minYear, maxYear] = years.length ? [Math.min(...years), Math.max(...years)] : [1988, 2024];
for (const [id, v] of [["year-from", minYear], ["year-to", maxYear]]) {
  const input = document.getElementById(id);
  Object.assign(input, { min: minYear, max: maxYear, value: v });
  input.addEventListener("change", draw);
}

let shownEvents = 0;
const WIDTH = 960;
const HEIGHT = 600;
const projection = projectionFor(REGION, WIDTH, HEIGHT);
drawBase(svg, projection, WIDTH, HEIGHT, b);
const layer = el("g", { class: "places" });
svg.append(layer);
window.nkMap = { projection, places: placeList, inNagornoKarabakh: (lon, lat) => inNagornoKarabakh(b, [lon, lat]) };
document.getElementById("map-note").textContent =
  "Country borders: Natural Earth 1:10m via world-atlas. Shaded: the districts Natural Earth's admin-1 layer notes as part of Nagorno-Karabakh; dashed: districts it notes as partly in it. " +
  "Natural Earth has no outline of the former Nagorno-Karabakh Autonomous Oblast, so none is drawn.";
draw();
status(statusText(), true);

function kept() {
  const on = new Set([...typeBox.querySelectorAll("input:checked")].map((i) => i.value));
  let [from, to] = [Number(document.getElementById("year-from").value), Number(document.getElementById("year-to").value)];
  if (from > to) [from, to] = [to, from];
  const bounded = from > minYear || to < maxYear;
  return (e) => (e.types.size === 0 || [...e.types].some((t) => on.has(t))) && (!bounded || (e.y1 !== null && e.y2 >= from && e.y1 <= to));
}

function draw() {
  const keep = kept();
  layer.replaceChildren();
  shownEvents = 0;
  const ordered = placeList.map((p) => ({ ...p, events: (eventsByPlace.get(p.iri) || []).filter(keep) })).sort((a, b) => b.events.length - a.events.length);
  const taken = [];
  const circles = el("g");
  const names = el("g");
  for (const p of ordered) {
    const [x, y] = projection([p.long, p.lat]);
    if (!(x >= 0 && y >= 0 && x <= WIDTH && y <= HEIGHT)) continue;
    shownEvents += p.events.length;
    const r = p.events.length ? 4 + 3 * Math.sqrt(p.events.length) : 3;
    circles.prepend(
      el("g", { class: p.events.length ? "place has-events" : "place", "data-iri": p.iri, "data-events": p.events.length },
        el("circle", { cx: x, cy: y, r, onclick: () => showPlace(p) }, el("title", { text: `${p.label}: ${p.events.length} event${p.events.length === 1 ? "" : "s"}` }))),
    );
    // A name where it overlaps no name already placed (busiest places first); the others
    // show on hover and in the list.
    const box = [x + r + 2, y - 8, x + r + 4 + p.label.length * 6, y + 4];
    if (taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) continue;
    taken.push(box);
    names.append(el("a", { href: link(p.iri), class: "place-name" }, el("text", { x: box[0], y: y + 3, text: p.label })));
  }
  layer.append(circles, names);
  status(statusText());
}

function statusText() {
  return `${placeList.length} places with coordinates, ${shownEvents} events at them`;
}

function showPlace(p) {
  const panel = document.getElementById("details");
  panel.replaceChildren(
    el("h2", { svg: false }, pageLink(p.iri, p.label)),
    el("p", { svg: false, text: `${p.lat}, ${p.long}` }),
    el("ol", { class: "events", svg: false }, p.events.sort((a, b) => (a.date || "").localeCompare(b.date || "")).map((e) => el("li", { svg: false }, (e.date || "undated") + " ", pageLink(e.iri, e.label)))),
  );
}
