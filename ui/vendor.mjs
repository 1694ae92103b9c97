// Copies the few built files the pages need from node_modules/ into api/static/vendor/ (served at
// /static/vendor/), so the server never exposes node_modules and nothing is fetched from a CDN.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "api", "static", "vendor");
const files = {
  "@zazuko/yasgui/build/yasgui.min.js": "yasgui/yasgui.min.js",
  "@zazuko/yasgui/build/yasgui.min.css": "yasgui/yasgui.min.css",
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  "leaflet/dist/images": "leaflet/images",
  "leaflet/LICENSE": "leaflet/LICENSE",
};

for (const sub of ["yasgui", "leaflet"]) rmSync(join(out, sub), { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join(here, "node_modules", from), join(out, to), { recursive: true });
}
// Everything in vendor/ comes from npm at setup time: keep it out of git.
writeFileSync(join(out, ".gitignore"), "*\n");
console.log(`front-end libraries copied to ${out}`);
