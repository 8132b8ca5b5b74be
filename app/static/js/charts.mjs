// Draws the Plotly charts of a page (macros/charts.html) from their embedded figure JSON.
//
// plotly.js (its basic bundle) is loaded from this site only when a chart's table scrolls
// into view: the charts sit below the summary, and on a phone on NHS Wi-Fi a reader
// who stops at the summary never pays for 330 KB of script and a second of a slow phone's
// time. Each chart is drawn in a task of its own, so the page keeps answering taps.
//
// plotly.js adds its own CSS rules at run time into <style id="plotly.js-style-global">; the
// strict CSP blocks a <style> without the page's nonce, so we create that element first with
// the nonce this module's <script> tag carries, and plotly.js fills it through the CSSOM
// (allowed). plotly.js also injects the CSS of its map library on load unless an element with
// that CSS's id exists; we draw no maps, so an empty (nonced) element stands in for it. A
// plotly.js upgrade that changes the id shows up as a CSP error in the browser tests.
// Charts added later (the trainer's live page swaps its results in) are drawn too.

const PLOTLY_URL = new URL("../build/plotly/plotly-basic.min.js", import.meta.url);
const CONFIG = { displayModeBar: false, responsive: true, scrollZoom: false };
let plotly = null;

// Read once, as the page loads: the live page later swaps in tags with other requests' nonces.
const NONCE = document.querySelector("script[data-app-charts]")?.nonce || "";

const STYLE_IDS = [
  "plotly.js-style-global",
  "9f215cf04c5486422605d13261cb87401f4e7763b6296af81e98efbc0130da53", // maplibre CSS
];

function prepareStyles() {
  for (const id of STYLE_IDS) {
    if (document.getElementById(id)) continue;
    const style = document.createElement("style");
    style.id = id;
    style.nonce = NONCE;
    document.head.append(style);
  }
}

function loadPlotly() {
  if (!plotly) {
    plotly = new Promise((resolve, reject) => {
      prepareStyles();
      const script = document.createElement("script");
      script.src = PLOTLY_URL.href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = reject;
      document.head.append(script);
    });
  }
  return plotly;
}

// The next task: between loading plotly.js and each chart, the browser handles input.
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

async function draw(container) {
  const source = document.getElementById(container.dataset.appChart);
  if (!source || container.dataset.appChartDrawn) return;
  container.dataset.appChartDrawn = "true";
  const figure = JSON.parse(source.textContent);
  // Bars with long names are unreadable on a phone: there the table after it is enough.
  const minWidth = (figure.layout.meta || {}).min_screen_width || 0;
  if (container.parentElement.clientWidth < minWidth) return;
  const Plotly = await loadPlotly();
  await nextTask();
  container.hidden = false; // shown before drawing, so plotly.js can measure its width
  // The print size is fixed; on screen the chart takes its container's width.
  const layout = { ...figure.layout, autosize: true };
  delete layout.width;
  await Plotly.newPlot(container, figure.data, layout, CONFIG);
  container.dataset.appChartReady = "true";
}

function drawSafely(container) {
  draw(container).catch(() => {
    // The table after the chart holds the same figures: nothing is lost.
    container.hidden = true;
  });
}

// A hidden chart box has no place on the page to watch, so we watch what follows it (the
// table of its figures) and draw the chart when that comes into view; the browser keeps the
// table where it is on the screen while the chart appears above it.
const watched = new WeakMap();
const nearView = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    nearView.unobserve(entry.target);
    drawSafely(watched.get(entry.target));
  }
});

// The table's box, past the chart's scripts and the table's caption (macros/tables.html).
function placeOf(container) {
  let next = container.nextElementSibling;
  while (next && (next.tagName === "SCRIPT" || next.classList.contains("app-table-caption"))) {
    next = next.nextElementSibling;
  }
  return next || container.parentElement;
}

function drawAll(root) {
  for (const container of root.querySelectorAll("[data-app-chart]")) {
    if (container.dataset.appChartDrawn) continue;
    const place = placeOf(container);
    watched.set(place, container);
    nearView.observe(place);
  }
}

drawAll(document);
new MutationObserver((changes) => {
  for (const change of changes) {
    for (const node of change.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) drawAll(node.parentNode || node);
    }
  }
}).observe(document.body, { childList: true, subtree: true });
