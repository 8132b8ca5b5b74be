// Starts the NHS.UK frontend components (error summary focus, header menu, skip link), then
// puts focus on the page's heading.
import { initAll } from "../build/nhsuk/nhsuk-frontend.min.js";
import { focusHeading } from "./focus-heading.mjs";
import "./skip-link.mjs";

initAll();
focusHeading();
