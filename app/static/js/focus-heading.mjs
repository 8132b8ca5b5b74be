// Each new page puts focus on its main heading, so keyboard and screen-reader users start
// where the page's own content starts, not at the header they passed on every earlier step.
// The skip link and the header stay a few Shift+Tabs away. Not when the page shows an error
// summary (NHS.UK frontend focuses that instead), nor when the address names a place on
// the page (the browser goes there).
export function focusHeading() {
  const heading = document.querySelector("main h1");
  if (!heading || document.querySelector(".nhsuk-error-summary") || window.location.hash) return;
  heading.setAttribute("tabindex", "-1");
  // Once left, the heading goes back to not being a Tab stop or a click target.
  heading.addEventListener("blur", () => heading.removeAttribute("tabindex"), { once: true });
  heading.focus();
}
