import { startTestApi } from "@atrium/api/testing";
import { rollupUsageAnalytics } from "@atrium/core/analytics";
import { insertMixedEvents } from "@atrium/core/analytics/testing";
import { seriousAxeViolations } from "@atrium/testing/axe";
import { downloadedBytes, launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const soylent = api.demo.organizations["soylent"]!;

async function open(page: Page, email: string, orgId: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/admin/orgs/${orgId}/analytics`);
  await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
}

/** The figure of a stat card, found by its label inside the member activity card. */
const stat = (page: Page, label: string) => page.getByRole("region", { name: "Member activity" }).getByRole("region", { name: label, exact: true });

/** The cards' names in the order the page shows them. */
const cardOrder = (page: Page) =>
  page.locator("main section[aria-label]").evaluateAll((sections) =>
    sections.filter((s) => !s.parentElement?.closest("section[aria-label]")).map((s) => s.getAttribute("aria-label")),
  );

/** API calls recorded in the organizations over [from, to] (UTC days), straight from the raw events. */
async function apiCalls(orgIds: string[], from: string, to: string) {
  const [row] = await api.db.$queryRaw<{ events: bigint; quantity: bigint }[]>`
    SELECT count(*) AS events, coalesce(sum(quantity), 0)::bigint AS quantity FROM usage_events
     WHERE organization_id = ANY(${orgIds}::uuid[]) AND metric = 'api_calls'
       AND occurred_at >= ${from}::date AND occurred_at < ${to}::date + 1`;
  return { events: Number(row!.events), quantity: Number(row!.quantity) };
}

async function rollUp() {
  while ((await rollupUsageAnalytics(api.db)).days > 0);
}

const activeMembers = async (orgIds: string[]) =>
  (await api.db.membership.findMany({ where: { organizationId: { in: orgIds }, status: "active" }, distinct: ["userId"], select: { userId: true } })).length;

describe("analytics page in Chromium", () => {
  it("filters a range, compares periods, exports what is shown, and keeps a pinned card after a reload", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const subtreeIds = Object.entries(api.demo.organizations).filter(([key]) => key.startsWith("acme")).map(([, id]) => id);
    await insertMixedEvents(api.db, subtreeIds, new Date(Date.now() - 5 * 86_400_000).toISOString(), 200);
    await rollUp();
    await api.signInBrowser(context, "admin@acme.example");
    await page.goto(`${api.url}/admin/orgs/${acme}`);
    await page.getByRole("navigation", { name: "Organization sections" }).getByRole("link", { name: "Analytics", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/analytics`));
    await stat(page, "Members").waitFor();
    expect(await stat(page, "Members").textContent()).toContain(String(await activeMembers([acme])));
    await page.getByText(/^Active: signed in, used a session or did something recorded in the audit log/).waitFor();

    // A preset range goes to the URL; the chart covers its days.
    await page.getByRole("radiogroup", { name: "Date range" }).getByText("7 days", { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("range") === "7d");
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole("img", { name: /^Daily active members from / }).waitFor();

    // Comparison with the previous period: in the URL, on the chart's legend and beside the figures.
    await page.getByRole("switch", { name: "Compare with the previous period" }).check();
    await page.waitForURL((url) => url.searchParams.get("compare") === "true");
    await page.getByRole("region", { name: "Member activity" }).getByText("Previous period", { exact: true }).first().waitFor();
    await stat(page, "Members").getByText(/vs previous period|No change vs previous period/).waitFor();

    // Child organizations included: the members of the whole subtree.
    await page.getByRole("switch", { name: "Include child organizations" }).check();
    await page.waitForURL((url) => url.searchParams.get("subtree") === "true");
    const treeMembers = await activeMembers(subtreeIds);
    await stat(page, "Members").getByText(String(treeMembers), { exact: true }).waitFor();

    // Export: the CSV holds the range and the figures shown, and the export is audited.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`analytics-${from}-to-${to}.csv`);
    const csv = (await downloadedBytes(download)).toString("utf8").replace(/^\uFEFF/, "");
    const lines = csv.split("\r\n");
    expect(lines.slice(0, 3)).toEqual(["Range", "From,To,Child organizations included", `${from},${to},yes`]);
    expect(lines).toContain("Figure,Value,Previous period");
    expect(lines.find((l) => l.startsWith("Members,"))).toMatch(new RegExp(`^Members,${treeMembers},\\d+$`));
    const daily = lines.slice(lines.indexOf("Daily active members") + 2).slice(0, 7);
    expect(daily.map((l) => l.split(",")[0])).toEqual(Array.from({ length: 7 }, (_, i) => new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10)));
    expect(lines).toContain("Top members");
    // Usage figures equal SQL over the raw events of the subtree.
    const calls = await apiCalls(subtreeIds, from, to);
    expect(calls.events).toBeGreaterThan(0);
    expect(lines).toContain("Metric,Events,Quantity,Previous events,Previous quantity");
    expect(lines.find((l) => l.startsWith("API calls,"))).toMatch(new RegExp(`^API calls,${calls.events},${calls.quantity},\\d+,\\d+$`));
    for (const section of ["Usage by operation", "Cost by operation (minor units)", "Top resources", "Error rate and latency per day"]) expect(lines).toContain(section);

    // Live (Enterprise): usage recorded and rolled up while the page is open shows without a reload.
    await page.getByText("Live", { exact: true }).waitFor();
    await api.db.$executeRaw`
      INSERT INTO usage_events (organization_id, metric, quantity, idempotency_key, operation, status)
      SELECT ${acme}::uuid, 'api_calls', 1000, 'live-' || g, 'search', 'ok' FROM generate_series(1, 3) g`;
    await rollUp();
    const after = await apiCalls(subtreeIds, from, to);
    await page.getByRole("region", { name: "Usage by metric" }).getByRole("region", { name: "API calls", exact: true }).getByText(new Intl.NumberFormat("en-US").format(after.quantity), { exact: true }).waitFor();
    const event = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "analytics.export" } });
    expect(event.details).toMatchObject({ from, to, subtree: true });

    // Pin a card: it moves first, the layout is saved on the server and stays after a reload.
    expect((await cardOrder(page))[0]).not.toBe("Top members");
    await page.getByRole("button", { name: "Pin Top members" }).click();
    await page.getByRole("button", { name: "Unpin Top members" }).waitFor();
    expect((await cardOrder(page))[0]).toBe("Top members");
    await page.reload();
    await page.getByRole("button", { name: "Unpin Top members" }).waitFor();
    expect((await cardOrder(page))[0]).toBe("Top members");
    expect(page.url()).toContain("range=7d");

    // A custom range: its days in the URL and on the chart.
    await page.getByRole("radiogroup", { name: "Date range" }).getByText("Custom", { exact: true }).click();
    await page.getByLabel("From", { exact: true }).fill("2026-11-01");
    await page.getByLabel("To", { exact: true }).fill("2026-11-10");
    await page.getByRole("img", { name: "Daily active members from Nov 1, 2026 to Nov 10, 2026" }).waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get("range"), url.searchParams.get("from"), url.searchParams.get("to")]).toEqual(["custom", "2026-11-01", "2026-11-10"]);

    // Hide a card from the keyboard, then bring it back from the hidden cards.
    await page.getByRole("button", { name: "Hide Member activity" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Hidden cards (1)" }).click();
    await page.getByRole("menuitem", { name: "Show Member activity" }).click();
    await stat(page, "Members").waitFor();

    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it("shows the upgrade prompt for layout saving below Enterprise, and for the whole page on the free plan", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await open(page, "ops@soylent.example", soylent);
    await stat(page, "Members").waitFor();
    await page.getByRole("button", { name: "Pin Top members" }).click();
    const prompt = page.getByRole("alert").filter({ hasText: "Upgrade required" });
    await prompt.getByText("Saved analytics layouts requires the Enterprise plan", { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Unpin Top members" }).count()).toBe(0);

    await api.db.organization.update({ where: { id: soylent }, data: { plan: "free" } });
    await page.reload();
    await page.getByRole("alert").filter({ hasText: "Upgrade required" }).getByText("Usage and member analytics requires the Team plan", { exact: false }).waitFor();
    expect(await page.getByRole("link", { name: "See your plan and what each plan includes" }).count()).toBe(1);
    expect(await stat(page, "Members").count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
