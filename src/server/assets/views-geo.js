// The offline base map of the map views: the countries of Natural Earth 1:10m (the vendored
// world-atlas, clipped to the region by scripts/vendor-region-map so that the first view
// loads fast) and the districts Natural Earth's admin-1 layer notes as part of (or partly
// in) Nagorno-Karabakh, drawn with d3-geo in a Mercator projection fitted to the region.
// No tile server, no request elsewhere.

import { el } from "./common.js";

/** The South Caucasus, as two corners [longitude, latitude] the projection is fitted to. */
export const REGION = [[42.4, 38.3], [50.4, 42.4]];

let borders = null;

/** The country features and the Nagorno-Karabakh districts (whole and partly), loaded once. */
export async function loadBorders() {
  if (!borders) {
    const [region, nk] = await Promise.all([
      fetch("/assets/vendor/world-atlas-region/countries.json").then((r) => r.json()),
      fetch("/assets/vendor/natural-earth-nk/nk-districts.json").then((r) => r.json()),
    ]);
    const countries = region.features;
    const districts = nk.objects.districts.geometries;
    borders = {
      box: region.bbox,
      countries,
      nkWhole: topojson.merge(nk, districts.filter((g) => g.properties.part === "whole")),
      nkPartly: topojson.feature(nk, { type: "GeometryCollection", geometries: districts.filter((g) => g.properties.part === "partly") }),
    };
  }
  return borders;
}

/** A Mercator projection fitting `corners` ([[lon, lat], [lon, lat]]) into width × height. */
export function projectionFor(corners, width, height, pad = 12) {
  // Natural Earth lines are dense already: no adaptive resampling (precision 0),
  // which would cost seconds over the whole world for nothing visible.
  return d3.geoMercator().precision(0).fitExtent([[pad, pad], [width - pad, height - pad]], { type: "MultiPoint", coordinates: corners });
}

/**
 * Draws the base map into `svg` (width × height user units): sea, countries in view with
 * their names, and Nagorno-Karabakh as Natural Earth notes it. The projection's scale and
 * translation are written on the svg (data-scale, data-tx, data-ty) so a test can project
 * a point itself.
 */
export function drawBase(svg, projection, width, height, b, labels = true) {
  projection.clipExtent([[0, 0], [width, height]]);
  const path = d3.geoPath(projection);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.dataset.scale = projection.scale();
  [svg.dataset.tx, svg.dataset.ty] = projection.translate();
  const base = el("g", { class: "base" }, el("rect", { class: "sea", x: 0, y: 0, width, height }));
  // The countries whose box (in degrees) meets the view's: cheap, and only those are projected.
  const [[w, s], [e, n]] = [projection.invert([0, height]), projection.invert([width, 0])];
  const shown = b.countries.filter((f) => {
    const [[x0, y0], [x1, y1]] = f.box || (f.box = d3.geoBounds(f));
    return (x0 <= x1 ? x1 >= w && x0 <= e : true) && y1 >= s && y0 <= n;
  });
  for (const f of shown) base.append(el("path", { class: "country", d: path(f) }, el("title", { text: f.properties.name })));
  base.append(el("path", { class: "nk-partly", d: path(b.nkPartly) }, el("title", { text: "District partly in Nagorno-Karabakh (Natural Earth admin-1 note)" })));
  base.append(el("path", { class: "nk", d: path(b.nkWhole) }, el("title", { text: "Nagorno-Karabakh: districts Natural Earth's admin-1 layer notes as part of it (not the Soviet-era NKAO border)" })));
  if (labels) {
    for (const f of shown) {
      const [x, y] = path.centroid(f);
      const inside = Number.isFinite(x) && d3.geoContains(f, projection.invert([x, y]));
      if (inside && x > 30 && y > 20 && x < width - 30 && y < height - 20) base.append(el("text", { class: "country-name", x, y, text: f.properties.name }));
    }
  }
  svg.append(base);
  return path;
}

/** Whether a point [lon, lat] lies inside Nagorno-Karabakh as drawn (whole districts). */
export function inNagornoKarabakh(b, point) {
  return d3.geoContains(b.nkWhole, point);
}
