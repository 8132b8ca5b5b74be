// A report job's page while the report is prepared: ask for the job's status every few
// seconds and change only the status sentence and the progress bar (the status region is
// polite, so a screen reader hears the new sentence without losing its place). Once the
// report is ready, or the job stopped, load the page again to show the link or the retry.
// Without JavaScript the page reloads itself (a meta refresh inside <noscript>).

const box = document.querySelector("[data-job-status-url]");

if (box) {
  const url = box.dataset.jobStatusUrl;
  const interval = Number(box.dataset.jobInterval) || 5000;
  const status = document.getElementById("job-status");
  const barBox = document.getElementById("job-progress-bar");
  const bar = document.getElementById("job-progress");

  async function poll() {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) return; // signed out or deleted: the next page load says why
      const job = await response.json();
      if (job.status !== "working") {
        window.location.replace(window.location.pathname);
        return;
      }
      if (status.textContent !== job.message) status.textContent = job.message;
      if (job.total) {
        bar.max = job.total;
        bar.value = job.done;
        bar.textContent = `${job.done} of ${job.total}`;
        barBox.hidden = false;
      }
    } catch {
      // The network dropped for a moment: try again next time.
    }
    setTimeout(poll, interval);
  }

  setTimeout(poll, interval);
}
