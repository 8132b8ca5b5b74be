// Starts the NHS.UK frontend components (error summary focus, header menu, skip link).
import { initAll } from "../build/nhsuk/nhsuk-frontend.min.js";
import "./skip-link.mjs";

initAll();
