// Starts the NHS.UK frontend components (error summary focus, header menu, skip link). Focus
// is left where the browser puts it on a new page, at the top, so the first Tab reaches the
// skip link; NHS.UK frontend moves it only to an error summary.
import { initAll } from "../build/nhsuk/nhsuk-frontend.min.js";
import "./skip-link.mjs";

initAll();
