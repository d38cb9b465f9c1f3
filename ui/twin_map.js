// Two Leaflet maps side by side in one element of the page (a Streamlit v2 component), with one
// shared key and shared layer switches, synchronised pan and zoom, keyboard-operable lots.
//
// Everything shown comes from `data` (built in ui/twin_map.py). Text from users (lot and design
// names) is only ever written with textContent, never as HTML.

function loadLeaflet(base) {
  if (window.L && window.L.map) return Promise.resolve(window.L);
  if (!window.__ldeLeaflet) {
    window.__ldeLeaflet = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "/leaflet/leaflet.css";
      document.head.appendChild(css);
      const script = document.createElement("script");
      script.src = base + "/leaflet/leaflet.js";
      script.onload = () => resolve(window.L);
      script.onerror = () => { window.__ldeLeaflet = null; reject(new Error("Leaflet did not load")); };
      document.head.appendChild(script);
    });
  }
  return window.__ldeLeaflet;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Layer and key choices survive reruns and design switches (this browser tab only).
const STORE = "lde-twin-map-view";
function loadView() {
  try { return Object.assign({ key: true, points: false, outlines: false }, JSON.parse(sessionStorage.getItem(STORE) || "{}")); }
  catch (e) { return { key: true, points: false, outlines: false }; }
}
function saveView(view) {
  try { sessionStorage.setItem(STORE, JSON.stringify(view)); } catch (e) { /* private mode: keep in memory */ }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const host = parentElement.querySelector(".lde-twin") || parentElement;
  if (!data) return;
  if (host.__ldeSignature === data.signature && host.__ldeMaps) {
    return; // same maps as drawn: keep them (and the reader's pan and zoom)
  }
  host.__ldeSignature = data.signature;
  if (host.__ldeCleanup) host.__ldeCleanup();
  host.replaceChildren();
  const view = loadView();

  // --- the toolbar: key (collapsible) and layer switches, outside the maps ----------------------
  const bar = el("div", "lde-twin-bar");
  const keyButton = el("button", "lde-key-toggle");
  keyButton.type = "button";
  keyButton.setAttribute("aria-controls", "lde-twin-key");
  const key = el("div", "lde-twin-key");
  key.id = "lde-twin-key";
  key.setAttribute("role", "list");
  key.setAttribute("aria-label", "Key: " + data.legend.title);
  const keyTitle = el("span", "lde-key-title", data.legend.title + ":");
  key.appendChild(keyTitle);
  data.legend.classes.forEach((item) => {
    const entry = el("span", "lde-key-item");
    entry.setAttribute("role", "listitem");
    const swatch = el("span", "lde-swatch");
    swatch.style.background = item.colour;
    swatch.setAttribute("aria-hidden", "true");
    entry.appendChild(swatch);
    entry.appendChild(el("span", "", item.label + " "));
    entry.appendChild(el("span", "lde-key-count", "(" + item.counts + ")"));
    key.appendChild(entry);
  });
  if (data.maps.length > 1) key.appendChild(el("span", "lde-key-count", "(number of lots: left map / right map)"));
  const setKey = (shown) => {
    key.hidden = !shown;
    keyButton.setAttribute("aria-expanded", String(shown));
    keyButton.textContent = shown ? "Hide key" : "Show key";
  };
  keyButton.addEventListener("click", () => { view.key = key.hidden; saveView(view); setKey(view.key); });
  setKey(view.key);

  const layers = el("fieldset", "lde-layers");
  layers.appendChild(el("legend", "", "Layers"));
  const switches = {};
  [["points", "Organisations (dots, by specialism)"], ["outlines", "Outlines of the 42 PCC areas"]].forEach(([name, label]) => {
    if (name === "points" && !data.points) return;
    const wrap = el("label", "lde-layer");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !!view[name];
    box.name = "lde-layer-" + name;
    wrap.appendChild(box);
    wrap.appendChild(el("span", "", " " + label));
    layers.appendChild(wrap);
    switches[name] = box;
    if (name === "points") {
      // What the dots' colours mean, in words (shown while the dots are).
      const groups = el("span", "lde-groups");
      groups.setAttribute("role", "group");
      groups.setAttribute("aria-label", "Organisation colours");
      data.group_labels.forEach((label, k) => {
        const item = el("span", "lde-key-item");
        const dot = el("span", "lde-dot");
        dot.style.background = data.group_colours[k];
        dot.setAttribute("aria-hidden", "true");
        item.appendChild(dot);
        item.appendChild(el("span", "", label));
        groups.appendChild(item);
      });
      groups.hidden = !box.checked;
      box.addEventListener("change", () => { groups.hidden = !box.checked; });
      layers.appendChild(groups);
    }
  });
  bar.appendChild(keyButton);
  bar.appendChild(key);
  host.appendChild(bar);

  // --- the two maps ---------------------------------------------------------------------------
  const row = el("div", "lde-twin-row");
  host.appendChild(row);
  const frames = data.maps.map((spec, k) => {
    const figure = el("figure", "lde-twin-figure");
    const heading = el("figcaption", "lde-twin-title", spec.title);
    heading.id = "lde-twin-title-" + k;
    const box = el("div", "lde-twin-map");
    box.setAttribute("data-design", spec.design);
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", heading.id);
    const credit = el("p", "lde-twin-credit", data.attribution);
    figure.appendChild(heading);
    figure.appendChild(box);
    figure.appendChild(credit);
    row.appendChild(figure);
    return { spec, box, figure };
  });
  host.appendChild(layers);
  const status = el("p", "lde-twin-status", "Loading the maps…");
  status.setAttribute("role", "status");
  host.appendChild(status);

  let cancelled = false;
  const cleanups = [];
  host.__ldeCleanup = () => { cancelled = true; cleanups.forEach((f) => f()); host.__ldeMaps = null; };

  loadLeaflet(data.asset_base).then((L) => {
    if (cancelled) return;
    status.textContent = "";
    const bounds = L.latLngBounds(data.bounds);
    const sizeMaps = () => {
      const top = row.getBoundingClientRect().top;
      const credit = frames[0].figure.querySelector(".lde-twin-credit").offsetHeight || 30;
      const title = frames[0].figure.querySelector(".lde-twin-title").offsetHeight || 24;
      const room = window.innerHeight - Math.max(top, 0) - credit - title - layers.offsetHeight - data.bottom_gap_px;
      const height = Math.max(data.min_height_px, Math.min(data.max_height_px, room));
      frames.forEach((f) => { f.box.style.height = height + "px"; });
    };
    sizeMaps();
    const maps = frames.map((f) => {
      const map = L.map(f.box, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 4, maxZoom: 13, attributionControl: false });
      map.fitBounds(bounds, { padding: [4, 4] });
      const points = data.points ? L.layerGroup() : null;
      const outlines = data.outlines ? L.geoJSON(data.outlines, {
        interactive: false, style: { color: "#000", weight: 1.2, dashArray: "5 4", fill: false },
      }) : null;
      const lots = L.geoJSON(f.spec.lots, {
        style: (feature) => ({ color: "#222", weight: 1, opacity: 1, fillOpacity: 0.78, fillColor: feature.properties.fill,
                               className: "lde-lot" }),
        onEachFeature: (feature, layer) => {
          const p = feature.properties;
          const tip = el("div", "");
          tip.appendChild(el("b", "", p.lot));
          tip.appendChild(el("div", "", data.legend.title + ": " + p.text));
          tip.appendChild(el("i", "", "Click, or press Enter, for details"));
          layer.bindTooltip(tip, { sticky: true, className: "lde-twin-tip", direction: "top" });
          const open = () => setTriggerValue("lot", { design: f.spec.design, lot: p.lot });
          layer.on("click", open);
          layer.on("add", () => {
            const node = layer.getElement();
            if (!node) return;
            node.setAttribute("tabindex", "0");
            node.setAttribute("role", "button");
            node.setAttribute("aria-label", p.lot + ", " + f.spec.title + ": " + data.legend.title + " " + p.text
                              + ". Press Enter for details.");
            node.addEventListener("keydown", (event) => {
              if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
            });
            node.addEventListener("focus", () => layer.openTooltip(layer.getCenter ? layer.getCenter() : undefined));
            node.addEventListener("blur", () => layer.closeTooltip());
          });
        },
      }).addTo(map);
      if (outlines && view.outlines) outlines.addTo(map);
      if (points) {
        const d = data.points;
        const renderer = L.canvas({ padding: 0.2 });
        d.x.forEach((x, k) => {
          L.circleMarker([d.y[k], x], { renderer, radius: 4, weight: 1, color: "#111", fillOpacity: 0.9,
                                        fillColor: data.group_colours[d.g[k]], interactive: false }).addTo(points);
        });
        if (view.points) points.addTo(map);
      }
      return { map, lots, points, outlines };
    });

    // Pan and zoom one map, the other follows.
    let syncing = false;
    maps.forEach((a, i) => {
      a.map.on("move zoom", () => {
        if (syncing) return;
        syncing = true;
        maps.forEach((b, j) => { if (i !== j) b.map.setView(a.map.getCenter(), a.map.getZoom(), { animate: false }); });
        syncing = false;
      });
    });
    Object.entries(switches).forEach(([name, box]) => {
      box.addEventListener("change", () => {
        view[name] = box.checked;
        saveView(view);
        maps.forEach((m) => { const layer = m[name]; if (!layer) return; if (box.checked) layer.addTo(m.map); else m.map.removeLayer(layer); });
      });
    });
    // Fill the width and the window's height; refit when the window or the column changes size
    // (e.g. the sidebar is collapsed).
    let lastWidth = row.offsetWidth;
    const refit = () => {
      sizeMaps();
      maps.forEach((m) => { m.map.invalidateSize(false); });
      maps[0].map.fitBounds(bounds, { padding: [4, 4], animate: false });
    };
    const observer = new ResizeObserver(() => { if (row.offsetWidth !== lastWidth) { lastWidth = row.offsetWidth; refit(); } });
    observer.observe(row);
    const onResize = () => { if (host.isConnected) refit(); };
    window.addEventListener("resize", onResize);
    cleanups.push(() => { observer.disconnect(); window.removeEventListener("resize", onResize); maps.forEach((m) => m.map.remove()); });
    host.__ldeMaps = maps.map((m) => m.map);
    window.__ldeTwinMaps = host.__ldeMaps; // read by the browser tests (bounds of each map)
    host.setAttribute("data-ready", "true");
  }).catch((error) => { status.textContent = "The maps could not be drawn: " + error.message; });

  // No cleanup is returned: the maps are rebuilt above only when the data change, and a rerun
  // with the same data keeps them as they are.
}
