// A paced quiz's pages follow the room: the projector screen, the trainer's controls and
// every phone ask where the room is every ROOM_POLL_SECONDS (2 s; a conditional GET: the
// server answers 304 while nothing changed) and load the page again when the room moves on.
// Counts marked data-room-field update in place; nothing is announced. Without JavaScript
// the page has a "Check for the next question" link (phones) or is refreshed by hand.

const box = document.querySelector("[data-room-url]");

if (box) {
  const url = box.dataset.roomUrl;
  const interval = Number(box.dataset.roomInterval) || 2000;
  let etag = null;
  let timer = null;
  const note = document.getElementById("room-note");
  if (note) note.hidden = false;

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(poll, interval);
  };

  async function poll() {
    if (document.hidden) return schedule(); // a phone in a pocket: ask again when shown
    try {
      const headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(url, { headers, credentials: "same-origin", cache: "no-store" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const data = await response.json();
        if (data.key !== box.dataset.roomKey) {
          // The room moved on: load this page afresh (a GET, even after a POST).
          window.location.replace(window.location.pathname);
          return;
        }
        for (const field of document.querySelectorAll("[data-room-field]")) {
          const value = String(data[field.dataset.roomField] ?? field.textContent);
          if (field.textContent !== value) field.textContent = value;
        }
        box.dataset.roomPolls = String(Number(box.dataset.roomPolls || 0) + 1);
      } else if (response.status !== 304) {
        return; // signed out, closed or deleted: the next page load says why
      }
    } catch {
      // The network dropped for a moment: try again next time.
    }
    schedule();
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) poll();
  });
  schedule();
}
