// The NHS.UK skip link jumps to #maincontent, and the fragment stays in the address. A form
// without an action then posts to that address, and the page that comes back (the same form
// with an error summary, or the next page after a redirect) jumps to #maincontent once it has
// loaded: that takes focus off the error summary NHS.UK frontend has just focused, and skips
// the header for the next Tab. So once the skip link has done its jump, the fragment goes.
const skipLink = document.querySelector(".nhsuk-skip-link");

if (skipLink) {
  skipLink.addEventListener("click", () => {
    window.addEventListener(
      "hashchange",
      () => {
        if (window.location.hash === skipLink.hash) {
          window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
        }
      },
      { once: true },
    );
  });
}
