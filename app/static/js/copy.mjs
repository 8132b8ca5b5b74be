// Copy buttons (progressive enhancement): a button with data-app-copy="ID" copies the text
// of the element with that id. The buttons are hidden in the HTML and shown only here, when
// the browser can copy; without JavaScript people select the text and copy it themselves.
const status = document.getElementById("copy-status");

if (navigator.clipboard) {
  for (const button of document.querySelectorAll("[data-app-copy]")) {
    const source = document.getElementById(button.dataset.appCopy);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = `${button.dataset.appCopied || "Copied"}.`;
      } catch {
        if (status) status.textContent = "Could not copy. Select the text and copy it instead.";
      }
    });
  }
}
