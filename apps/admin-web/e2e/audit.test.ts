import { startTestApi } from "@atrium/api/testing";
import { systemActor } from "@atrium/core/actor";
import { recordAudit } from "@atrium/core/audit";
import { formatDateTime, formatNumber } from "@atrium/ui";
import { seriousAxeViolations } from "@atrium/testing/axe";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

async function signIn(page: Page) {
  await api.signInBrowser(page.context(), "admin@acme.example");
  await page.goto(`${api.url}/admin/`);
  await page.waitForURL(new RegExp(`/admin/orgs/${acme}$`));
}

/** Every key of a stored JSON value, depth first in stored order: what the key/value view lists. */
const keysOf = (value: unknown): string[] =>
  value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]) : [];

/** The action column of every event row on screen. */
const actionCells = (page: Page) => page.getByRole("table", { name: "Audit events" }).locator("tbody tr td:nth-child(3)");

describe("audit log explorer in Chromium", () => {
  it("filters by an action prefix, shows an event's details, verifies the chain and exports the filtered log", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Audit log", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/audit$`));
    await actionCells(page).first().waitFor();

    // Filter on every membership event; the filter goes to the URL.
    const actions = page.getByRole("combobox", { name: "Actions" });
    await actions.click();
    await actions.fill("membership.*");
    await page.getByRole("option", { name: /^membership\.\*/ }).click();
    await page.waitForURL((url) => url.searchParams.get("actions") === '["membership.*"]');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('table[aria-label="Audit events"] tbody tr td:nth-child(3)')];
      return cells.length > 0 && cells.every((cell) => cell.textContent?.startsWith("membership."));
    });
    const expected = await api.db.auditEvent.findMany({
      where: { organizationId: acme, action: { startsWith: "membership." } },
      orderBy: { seq: "desc" },
      take: 50,
      select: { seq: true, action: true, hash: true },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(await actionCells(page).allTextContents()).toEqual(expected.map((e) => e.action));

    // The newest matching event's details, with its sequence number and hash.
    const newest = expected[0]!;
    await page.getByRole("table", { name: "Audit events" }).locator("tbody tr").first().click();
    const drawer = page.getByRole("dialog", { name: `Audit event #${newest.seq}` });
    const integrity = drawer.getByRole("region", { name: "Integrity" });
    await integrity.waitFor();
    expect(await integrity.getByText(Buffer.from(newest.hash).toString("hex"), { exact: true }).count()).toBe(1);
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    // The integrity check covers every event written so far.
    const eventsBefore = await api.db.auditEvent.count({ where: { organizationId: acme } });
    await page.getByRole("button", { name: "Verify integrity" }).click();
    const intact = page.getByText(/^Chain intact: \d+ events verified$/);
    await intact.waitFor();
    expect(await intact.textContent()).toBe(`Chain intact: ${formatNumber(eventsBefore)} events verified`);

    // The direct download carries the current filter.
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const csv = page.getByRole("menuitem", { name: "Download CSV (current filter)" });
    expect(await csv.getAttribute("href")).toBe(`/api/orgs/${acme}/audit/export?format=csv&actions=membership.*`);
    const download = await context.request.get(`${api.url}${await csv.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("text/csv; charset=utf-8");

    // A background export is queued (no worker runs here) and listed with its filter.
    await page.getByRole("menuitem", { name: "Export in background (CSV)" }).click();
    const recent = page.getByRole("table", { name: "Recent exports" });
    await recent.getByText("queued", { exact: true }).waitFor();
    expect(await api.db.auditExport.count({ where: { organizationId: acme } })).toBe(1);
    expect(await api.db.auditExport.findFirstOrThrow({ where: { organizationId: acme }, select: { format: true, status: true, filter: true } })).toMatchObject({
      format: "csv",
      status: "queued",
      filter: { actions: ["membership.*"] },
    });
    await context.close();
  });

  it("reads an event's details and before/after as fields, never as JSON, and copies the exact stored JSON", async () => {
    const reason = `Quarterly review: ${"the board asked for stricter defaults; ".repeat(8)}`.trim();
    await recordAudit(api.db, systemActor("settings-review"), {
      action: "org.update_settings",
      organizationId: acme,
      resource: { type: "organization", id: acme },
      details: {
        before: { inheritRoles: false, seats: 1200, domains: ["acme.example"] },
        after: { inheritRoles: true, seats: 1500, domains: ["acme.example", "acme.test"] },
        reason,
        effectiveAt: "2026-12-07T14:36:05.000Z",
      },
      personal: { email: "lee.chen@acme.example" },
    });
    const stored = await api.db.auditEvent.findFirstOrThrow({
      where: { organizationId: acme, action: "org.update_settings" },
      orderBy: { seq: "desc" },
      select: { seq: true, occurredAt: true, details: true, personal: true },
    });

    const context = await browser.newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${acme}/audit?${new URLSearchParams({ actions: '["org.update_settings"]' }).toString()}`);
    await page.getByRole("button", { name: `Details of event ${stored.seq}: org.update_settings` }).click();
    const drawer = page.getByRole("dialog", { name: `Audit event #${stored.seq}` });

    // The time to the second through the format module; the ISO moment stays machine-readable only.
    const time = drawer.locator("time");
    expect(await time.textContent()).toBe(formatDateTime(stored.occurredAt, { seconds: true }));
    expect(await time.getAttribute("datetime")).toBe(stored.occurredAt.toISOString());

    // Details as fields: nested objects under their key, arrays listed, dates formatted, long text cut.
    const details = drawer.getByRole("group", { name: "Details fields" });
    expect(await details.locator("dt").allTextContents()).toEqual(keysOf(stored.details));
    const effective = details.getByText(formatDateTime("2026-12-07T14:36:05.000Z", { seconds: true }), { exact: true });
    expect(await effective.getAttribute("title")).toBe("2026-12-07T14:36:05.000Z");
    expect(await details.getByText("1,500", { exact: true }).getAttribute("title")).toBe("1500");
    const lists = await details.locator("ol").evaluateAll((ols) => ols.map((ol) => [...ol.children].map((li) => li.textContent)));
    expect(lists.sort()).toEqual([["acme.example"], ["acme.example", "acme.test"]]);
    expect(await details.getByText(reason, { exact: true }).count()).toBe(0);
    await details.getByRole("button", { name: "Show all of reason" }).click();
    expect(await details.getByText(reason).count()).toBe(1);

    // The before/after diff: each field's value on each side, the changed ones marked.
    const changes = drawer.getByRole("table", { name: "Changes" });
    const seats = changes.locator("tbody tr", { hasText: "seats" });
    expect(await seats.locator("td").allTextContents()).toEqual(["seatschanged", "1,200", "1,500"]);
    const inherit = changes.locator("tbody tr", { hasText: "inheritRoles" });
    expect(await inherit.locator("td").allTextContents()).toEqual(["inheritRoleschanged", "No", "Yes"]);

    // Personal data as fields too; no JSON anywhere in the drawer.
    expect(await drawer.getByRole("group", { name: "Personal data fields" }).locator("dd").allTextContents()).toEqual(["lee.chen@acme.example"]);
    const text = await drawer.innerText();
    expect(text).not.toContain("{");
    expect(text).not.toContain('"seats"');

    // "Copy details as JSON" puts the exact stored JSON on the clipboard.
    await drawer.getByRole("button", { name: "Copy details as JSON" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(JSON.stringify(stored.details, null, 2));
    // The key/value views and the diff pass axe (no serious or critical violation).
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it("clears every filter from the URL with one button", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${api.url}/admin/orgs/${acme}/audit?status=success&from=2020-01-01`);
    const from = page.getByLabel("From");
    await from.waitFor();
    expect(await from.inputValue()).toBe("2020-01-01");
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/audit$`));
    expect(await from.inputValue()).toBe("");
    await context.close();
  });
});
