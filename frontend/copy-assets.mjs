// Copies what the pages load from GOV.UK Frontend into portal/static_build/,
// where Django's collectstatic and whitenoise pick it up.
import { cpSync, mkdirSync } from "node:fs";

const dist = "node_modules/govuk-frontend/dist/govuk";
const out = "portal/static_build";

mkdirSync(`${out}/js`, { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, `${out}/js/govuk-frontend.min.js`);
cpSync("frontend/js/portal.mjs", `${out}/js/portal.mjs`);
cpSync("frontend/js/js-enabled.js", `${out}/js/js-enabled.js`);
cpSync(`${dist}/assets/images/favicon.ico`, `${out}/govuk/assets/images/favicon.ico`, {
  force: true,
});
// The footer's CSS names a crest image; ours is empty (no crown, no crest).
cpSync("frontend/images/govuk-crest.svg", `${out}/govuk/assets/images/govuk-crest.svg`);
