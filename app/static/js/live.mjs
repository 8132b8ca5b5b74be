// Trainer's live results: fetch the server-rendered results every few seconds and swap
// them in, without reloading the page. Without JavaScript the page has a Refresh link.
//
// - The Pause button stops the updates (WCAG 2.2.2 Pause, Stop, Hide).
// - Only the short "N joined and M finished" status is announced (aria-live="polite"),
//   never each table cell.
// - An update changes only the text, attributes and table cells that changed (morph), so
//   a screen reader's place and keyboard focus stay where they were; a chart is redrawn
//   only when its figures changed.
// - After each update, #live-results fires "live:updated" (detail: the JSON) so charts
//   drawn from the tables can redraw. Its data-live-state is "running", "paused" or
//   "stopped", and data-live-updates counts the swaps (for tests).
// - Keyboard focus inside the results stays on the same element across a swap.

const results = document.getElementById("live-results");
const status = document.getElementById("live-status");
const note = document.getElementById("live-note");
const pause = document.getElementById("live-pause");

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

// A swap replaces the element a keyboard user is on; remember where they were (by id, or
// by position among the focusable elements) so focus can go back to the same place.
function focusPlace() {
  const active = document.activeElement;
  if (!active || !results.contains(active)) return null;
  return active.id ? { id: active.id } : { index: [...results.querySelectorAll(FOCUSABLE)].indexOf(active) };
}

function restoreFocus(place) {
  if (!place) return;
  const target = place.id
    ? document.getElementById(place.id)
    : results.querySelectorAll(FOCUSABLE)[place.index];
  (target || results).focus({ preventScroll: true });
}

// Charts whose figures changed: their boxes are replaced (charts.mjs draws new boxes);
// the others keep their drawing.
function changedCharts(fresh) {
  const changed = new Set();
  for (const source of fresh.querySelectorAll("script[type='application/json'][id]")) {
    const current = document.getElementById(source.id);
    if (!current || current.textContent !== source.textContent) changed.add(source.id);
  }
  return changed;
}

function sameShape(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
}

// Make `live` look like `fresh`, touching only what differs. Where the children's shape
// differs (a row added, a section shown), those children are replaced.
function morphChildren(live, fresh, charts) {
  const a = [...live.childNodes];
  const b = [...fresh.childNodes];
  if (a.length !== b.length || a.some((node, i) => !sameShape(node, b[i]))) {
    live.replaceChildren(...b.map((node) => document.importNode(node, true)));
    return;
  }
  a.forEach((node, i) => morphNode(node, b[i], charts));
}

function morphNode(live, fresh, charts) {
  if (live.nodeType === Node.TEXT_NODE || live.nodeType === Node.COMMENT_NODE) {
    if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
    return;
  }
  if (live.nodeType !== Node.ELEMENT_NODE) return;
  if (live.tagName === "SCRIPT") {
    // Figures: update the data; the chart module's own tag stays (its nonce is this page's).
    if (live.type === "application/json" && live.textContent !== fresh.textContent) {
      live.textContent = fresh.textContent;
    }
    return;
  }
  if (live.dataset.appChart !== undefined) {
    if (charts.has(fresh.dataset.appChart)) live.replaceWith(document.importNode(fresh, true));
    return;
  }
  for (const { name, value } of fresh.attributes) {
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  for (const { name } of [...live.attributes]) {
    if (!fresh.hasAttribute(name)) live.removeAttribute(name);
  }
  morphChildren(live, fresh, charts);
}

function morph(live, fragment) {
  morphChildren(live, fragment, changedCharts(fragment));
}

function setState(state) {
  results.dataset.liveState = state;
  note.textContent = note.dataset[`${state}Text`];
  pause.hidden = state === "stopped";
  pause.textContent = state === "paused" ? pause.dataset.resumeText : pause.dataset.pauseText;
}

if (results && status && note && pause) {
  const url = results.dataset.liveUrl;
  const interval = Number(results.dataset.liveInterval) || 5000;
  let timer = null;
  let lastHtml = null;
  results.dataset.liveUpdates = "0";

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(poll, interval);
  };

  async function poll() {
    if (results.dataset.liveState !== "running") return;
    if (document.hidden) return schedule(); // nobody is looking: skip this round
    let data;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
      if (!response.ok || !isJson) {
        // Signed out, session deleted or another trainer's: a reload shows why.
        setState("stopped");
        return;
      }
      data = await response.json();
    } catch {
      return schedule(); // the network dropped for a moment: try again next time
    }
    if (results.dataset.liveState !== "running") return; // paused while waiting
    // Each response carries its own CSP nonce on script tags: leave it out when
    // deciding whether anything changed, so unchanged results are not redrawn.
    const html = data.html.replace(/ nonce="[^"]*"/g, "");
    if (html !== lastHtml) {
      const first = lastHtml === null;
      lastHtml = html;
      const place = focusPlace();
      const next = document.createElement("template");
      next.innerHTML = data.html;
      if (first && results.innerHTML.replace(/ nonce="[^"]*"/g, "") === html) {
        // The page was rendered with these very results: nothing to change.
      } else {
        morph(results, next.content);
      }
      restoreFocus(place);
      results.dataset.liveUpdates = String(Number(results.dataset.liveUpdates) + 1);
      results.dispatchEvent(new CustomEvent("live:updated", { detail: data }));
    }
    if (status.textContent !== data.status) status.textContent = data.status;
    schedule();
  }

  pause.addEventListener("click", () => {
    if (results.dataset.liveState === "running") {
      clearTimeout(timer);
      setState("paused");
    } else {
      setState("running");
      poll();
    }
  });

  setState("running");
  schedule();
}
