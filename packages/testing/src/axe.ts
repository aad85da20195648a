/**
 * Accessibility checks for the browser tests: axe-core, run inside the page.
 * The engine is evaluated through the DevTools protocol rather than added as
 * a <script> element, so the SPAs' Content-Security-Policy stays as strict in
 * tests as in production. A page passes when axe finds no serious or critical
 * violation; minor and moderate ones are reported by tests that want them.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Locator, Page } from "playwright-core";

const require = createRequire(import.meta.url);
let engine: Promise<string> | undefined;

/** axe-core's browser bundle, read once per test file. */
function axeSource(): Promise<string> {
  engine ??= readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  return engine;
}

/** One rule broken, with the elements that break it (their CSS selectors and the reason). */
export interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  nodes: { target: string[]; html: string; summary: string }[];
}

/**
 * axe's default rule set: WCAG 2.0–2.2 A and AA and its best practices, without
 * the rules axe itself marks experimental.
 */
const RUN_OPTIONS = { resultTypes: ["violations"] };

/** Every violation axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) await page.evaluate(await axeSource());
  const script = `window.axe.run(document, ${JSON.stringify(RUN_OPTIONS)}).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 160), summary: n.failureSummary || "" })),
  })))`;
  return (await page.evaluate(script)) as AxeViolation[];
}

/**
 * Waits until the page has drawn its data: a level-one heading is on screen and
 * no loader, skeleton or busy region is left (axe on a half-loaded page checks
 * placeholders, not the page a person uses).
 */
export async function waitForSettledPage(page: Page): Promise<void> {
  await page.locator("h1").first().waitFor();
  // Polled from here: page.waitForFunction compiles its predicate with eval, which the CSP forbids.
  const busy = `!!document.querySelector('.mantine-Loader-root, .mantine-Skeleton-root[data-visible="true"], [aria-busy="true"]')`;
  for (const started = Date.now(); await page.evaluate(busy); ) {
    if (Date.now() - started > 20_000) throw new Error(`${page.url()} is still loading after 20 s`);
    await page.waitForTimeout(100);
  }
}

/**
 * The serious and critical violations of the page once settled, one readable
 * line per element, for `expect(...).toEqual([])`.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await waitForSettledPage(page);
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.html} (${n.target.join(" ")}): ${n.summary.replace(/\s+/g, " ")}`));
}

/** The links of a navigation landmark, by their words and address, to walk with `seriousViolationsByPage`. */
export async function navigationLinks(nav: Locator): Promise<{ name: string; url: string }[]> {
  await nav.getByRole("link").first().waitFor();
  type Anchor = { textContent: string | null; getAttribute(name: string): string | null };
  return nav.getByRole("link").evaluateAll((links: Anchor[]) =>
    links.map((a) => ({ name: (a.textContent ?? "").trim(), url: a.getAttribute("href") ?? "" })),
  );
}

/**
 * Opens each page in turn (`url` relative to `origin`) and answers the serious
 * and critical violations of those that have any, by page name: `{}` when
 * every page passes, so a test asserts `toEqual({})` and a failure names them all.
 */
export async function seriousViolationsByPage(page: Page, origin: string, pages: { name: string; url: string }[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const { name, url } of pages) {
    await page.goto(`${origin}${url}`);
    const violations = await seriousAxeViolations(page);
    if (violations.length) found[name] = violations;
  }
  return found;
}
