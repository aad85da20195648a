/**
 * Renders one page of a PDF to PNG, as a reader would see it: pdf.js (the
 * build inside `unpdf`) draws the page on a canvas in headless Chromium, and
 * the canvas is saved. Used for the screenshots in docs/screens/.
 *
 *   npx tsx packages/core/scripts/render-pdf-page.ts in.pdf out.png [page=1] [scale=2]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [input, output, pageArg = "1", scaleArg = "2"] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: render-pdf-page.ts in.pdf out.png [page] [scale]");
  process.exit(2);
}
const pdfjs = readFileSync(fileURLToPath(import.meta.resolve("unpdf/pdfjs")));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  // Everything is served from memory on a made-up origin: nothing leaves the machine.
  await page.route("http://render.invalid/**", (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/pdfjs.mjs") return route.fulfill({ body: pdfjs, contentType: "text/javascript" });
    if (path === "/doc.pdf") return route.fulfill({ body: readFileSync(input), contentType: "application/pdf" });
    return route.fulfill({ body: "<!doctype html><body style='margin:0'><canvas id=c></canvas></body>", contentType: "text/html" });
  });
  await page.goto("http://render.invalid/");
  await page.evaluate(
    async ({ pageNumber, scale }) => {
      const { getDocument } = await import("http://render.invalid/pdfjs.mjs" as string);
      const doc = await getDocument({ url: "/doc.pdf" }).promise;
      const pdfPage = await doc.getPage(pageNumber);
      const viewport = pdfPage.getViewport({ scale });
      const canvas = document.getElementById("c") as HTMLCanvasElement;
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      await pdfPage.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    },
    { pageNumber: Number(pageArg), scale: Number(scaleArg) },
  );
  writeFileSync(output, await page.locator("#c").screenshot());
} finally {
  await browser.close();
}
