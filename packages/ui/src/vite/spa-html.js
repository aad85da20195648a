/**
 * Both SPAs' page: one HTML shell (charset, viewport, light colour scheme, the favicon, the root
 * element and the module entry), titled per app. Each app's index.html is only the file Vite
 * opens; this plugin's first transform replaces it with the shell, so the two apps cannot drift
 * apart and a change to the shell is made once.
 *
 * Plain JavaScript (typed by spa-html.d.ts) for the same reason as chunk-budget.js: Node loads
 * Vite configs without compiling TypeScript.
 */

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Crect width=%2216%22 height=%2216%22 rx=%223%22 fill=%22%234150f0%22/%3E%3C/svg%3E";

const escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The shell with this title and entry module. */
export function spaHtml(title, entry = "/src/main.tsx") {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="color-scheme" content="light" />
    <link rel="icon" href="${FAVICON}" />
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="${escapeHtml(entry)}"></script>
  </body>
</html>
`;
}

/** The Vite plugin: serves and builds the shell in place of index.html. */
export function spaShell({ title, entry }) {
  return {
    name: "atrium-spa-shell",
    transformIndexHtml: { order: "pre", handler: () => spaHtml(title, entry) },
  };
}
