import { startTestApi } from "@atrium/api/testing";
import { seriousAxeViolations } from "@atrium/testing/axe";
import { launchBrowser } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;

describe("a customer's analytics in the CSM portal", () => {
  it("links from the customer page to the same figures the customer's admins see, read-only", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await api.signInBrowser(context, "csm@atrium.example");
    await page.goto(`${api.url}/csm/customers/${acme}`);
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL(new RegExp(`/csm/customers/${acme}/analytics`));
    const members = page.getByRole("region", { name: "Member activity" }).getByRole("region", { name: "Members", exact: true });
    await members.waitFor();

    // The same figure as the tenant's own page for the whole subtree (the portal's default).
    const admin = await api.signedIn("admin@acme.example");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const tenant = await admin.trpc.analytics.members.query({ orgId: acme, from: day(-29), to: day(0), subtree: true });
    await members.getByText(String(tenant.members), { exact: true }).waitFor();
    for (const card of ["Usage by metric", "Usage by operation", "Cost by operation", "Top resources", "Error rate and latency", "Top members"]) {
      await page.getByRole("region", { name: card }).waitFor();
    }
    // Read-only: no layout controls, no export.
    expect(await page.getByRole("button", { name: /^(Pin|Hide|Move) / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Export CSV" }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
