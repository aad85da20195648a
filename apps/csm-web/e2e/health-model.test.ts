/**
 * The health model page and SLA month entry in Chromium: a CS lead edits the
 * weights (refused until they add up to 100) and the at-risk threshold,
 * previews which customers change band (the same answer as the API), saves
 * (audited); the backtest shows AUC and a calibration chart; a CSM reads the
 * model without being able to change it; a lead records a customer's month of
 * SLA, refused (in sentences on the fields) while empty or for a month still to come.
 */
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser } from "@atrium/testing/browser";
import { formatMonth } from "@atrium/ui";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const lead = await api.signedIn("lead@atrium.example");

async function open(page: Page, email: string, path: string) {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/csm/${path}`);
}

const weight = (page: Page, label: string) => page.getByRole("textbox", { name: label, exact: true });

describe("health model in Chromium", () => {
  it("lets a CS lead edit weights and the at-risk threshold, preview the band changes and save", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "lead@atrium.example", "portfolio");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Health model" }).click();
    await page.getByRole("heading", { name: "Health model", level: 1 }).waitFor();
    const { updatedAt: _u, components: _c, ...before } = await lead.trpc.staff.health.config.query();
    expect(await weight(page, "NPS").inputValue()).toBe(`${before.weights.nps} pts`);

    // 10 more points on NPS: 110 in all, refused before it reaches the server.
    await weight(page, "NPS").fill(String(before.weights.nps + 10));
    await page.getByText("The weights add up to 110 points; they must add up to 100.").waitFor();
    expect(await page.getByRole("button", { name: "Save health model" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Preview" }).isDisabled()).toBe(true);
    // 10 fewer on recency: 100 again. And customers count as at risk below 70 instead of 50.
    await weight(page, "Recency of activity").fill(String(before.weights.recency - 10));
    await page.getByLabel("Total 100 of 100 points").waitFor();
    await page.getByRole("textbox", { name: "At risk below" }).fill("70");
    await page.getByRole("textbox", { name: "Healthy from" }).fill("80");

    const proposed = {
      ...before,
      weights: { ...before.weights, nps: before.weights.nps + 10, recency: before.weights.recency - 10 },
      thresholds: { ...before.thresholds, high_risk_below: 70, medium_risk_below: 80 },
    };
    const expected = await lead.trpc.staff.health.previewConfig.query(proposed);
    expect(expected.changed.length).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByText(`${expected.changed.length} of ${expected.customers} customers change band.`).waitFor();
    expect(await preview.getByRole("table", { name: "Customers that change band" }).locator("tbody tr td:first-child").allTextContents()).toEqual(
      expected.changed.map((c) => c.name),
    );
    // The preview kept nothing.
    expect((await lead.trpc.staff.health.config.query()).thresholds.high_risk_below).toBe(before.thresholds.high_risk_below);

    await page.getByRole("button", { name: "Save health model" }).click();
    await page.getByText("Health model saved. Scores follow at the next recompute.").waitFor();
    const saved = await lead.trpc.staff.health.config.query();
    expect([saved.weights.nps, saved.thresholds.high_risk_below, saved.thresholds.medium_risk_below]).toEqual([before.weights.nps + 10, 70, 80]);
    const audit = await api.db.auditEvent.findFirstOrThrow({ where: { action: "health.config_update" }, orderBy: { occurredAt: "desc" }, select: { actorLabel: true } });
    expect(audit.actorLabel).toBe("lead@atrium.example");
    await lead.trpc.staff.health.setConfig.mutate(before);
    await page.close();
  });

  it("shows the backtest's AUC and a calibration chart with both series", async () => {
    const result = await lead.trpc.staff.health.backtest.query({ leadDays: 90 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "csm@atrium.example", "health-model");
    const backtest = page.getByRole("region", { name: "Backtest" });
    await backtest.getByLabel("AUC").getByText(String(Math.round(result.auc! * 100) / 100), { exact: true }).waitFor();
    await backtest.getByLabel("Renewals scored").getByText(String(result.samples), { exact: true }).waitFor();
    await backtest.locator(".recharts-line").nth(1).waitFor();
    expect(await backtest.locator(".recharts-line").count()).toBe(2);
    await backtest.getByText("Implied by the score").waitFor();
    await backtest.getByText("Renewed", { exact: true }).waitFor();
    expect(await backtest.locator("table").count()).toBe(0);

    // A CSM reads the model but cannot change it.
    expect(await weight(page, "NPS").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save health model" }).count()).toBe(0);
    await page.close();
  });
});

describe("SLA month entry in Chromium", () => {
  it("records a month for a customer, refusing one still to come, and shows it against the contract", async () => {
    const tyrell = api.demo.organizations["tyrell"]!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await open(page, "lead@atrium.example", `portfolio/${tyrell}`);
    const card = page.getByRole("region", { name: "SLA attainment" });
    await card.getByRole("table", { name: "SLA months" }).waitFor();
    const form = card.getByRole("form", { name: "Record a month" });

    // Nothing measured yet: each empty field says what it wants, and nothing is sent.
    await form.getByRole("button", { name: "Record month" }).click();
    await form.getByText("Enter the measured uptime.").waitFor();
    await form.getByText("Enter the measured p99 latency.").waitFor();
    expect(await form.getByRole("textbox", { name: "Uptime" }).getAttribute("aria-invalid")).toBe("true");

    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    await form.getByRole("textbox", { name: "Month" }).fill(next);
    await form.getByRole("textbox", { name: "Uptime" }).fill("99.95");
    await form.getByRole("textbox", { name: "p99 latency" }).fill("240");
    await form.getByRole("button", { name: "Record month" }).click();
    await form.getByText("This month has not started yet: nothing has been measured.").waitFor();
    expect(await api.db.slaMonthly.count({ where: { organizationId: tyrell, month: new Date(`${next}-01T00:00:00Z`) } })).toBe(0);

    const thisMonth = now.toISOString().slice(0, 7);
    await form.getByRole("textbox", { name: "Month" }).fill(thisMonth);
    await form.getByRole("button", { name: "Record month" }).click();
    await page.getByText(`SLA for ${formatMonth(thisMonth)} recorded.`).waitFor();
    const row = card.getByRole("table", { name: "SLA months" }).locator("tbody tr", { hasText: formatMonth(thisMonth) });
    await row.waitFor();
    expect(await row.locator("td").nth(0).textContent()).toBe(formatMonth(thisMonth));
    expect(await row.locator("td").nth(1).textContent()).toContain("99.95%");
    expect(await row.locator("td").nth(2).textContent()).toContain("240 ms");
    const audit = await api.db.auditEvent.findFirstOrThrow({ where: { action: "sla.record", organizationId: tyrell, resourceId: thisMonth }, select: { actorLabel: true, details: true } });
    expect(audit).toEqual({ actorLabel: "lead@atrium.example", details: { uptimePct: 99.95, p99LatencyMs: 240, before: null } });
    await page.close();
  });
});
