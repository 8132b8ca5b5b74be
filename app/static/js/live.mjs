// Trainer's live results: fetch the server-rendered results every few seconds and swap
// them in, without reloading the page. Without JavaScript the page has a Refresh link.
//
// - The Pause button stops the updates (WCAG 2.2.2 Pause, Stop, Hide).
// - Only the short "N joined and M finished" status is announced (aria-live="polite"),
//   never each table cell.
// - After each swap, #live-results fires "live:updated" (detail: the JSON) so charts
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
      lastHtml = html;
      const place = focusPlace();
      results.innerHTML = data.html;
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
