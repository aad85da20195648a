/**
 * The invoice PDF read back with pdf.js (unpdf): sizes for stored bytes, and
 * number columns as wide as their widest cell, so no figure runs into the next.
 */
import { extractTextItems } from "unpdf";
import { describe, expect, it } from "vitest";
import type { InvoiceDetail } from "./invoices.ts";
import { quantityLabel, renderInvoicePdf } from "./pdf.ts";

const ORG = "00000000-0000-4000-8000-000000000001";
const line = (position: number, description: string, metric: string | null, quantity: bigint, amountMinor: bigint) => ({
  id: `00000000-0000-4000-8000-00000000010${position}`,
  organizationId: ORG,
  position,
  kind: metric ? "usage" : "platform_fee",
  description,
  metric,
  quantity,
  unitAmountMinor: 0n,
  unitSize: 1,
  amountMinor,
  periodStart: null,
  periodEnd: null,
});

const invoice = {
  id: "00000000-0000-4000-8000-000000000009",
  number: "ATR-US-000042",
  status: "open",
  organizationId: ORG,
  payerOrganizationId: ORG,
  currency: "usd",
  subtotalMinor: 1_234_567_890_12n,
  taxMinor: 0n,
  totalMinor: 1_234_567_890_12n,
  amountPaidMinor: 0n,
  periodStart: new Date("2026-11-01T00:00:00Z"),
  periodEnd: new Date("2026-11-30T00:00:00Z"),
  issuedAt: new Date("2026-12-01T00:00:00Z"),
  dueDate: new Date("2026-12-31T00:00:00Z"),
  paymentTerms: "net_30",
  poNumber: "PO-1",
  issuer: { name: "Atrium, Inc.", address: "1 Market St, San Francisco" },
  organizationNames: { [ORG]: "Acme Corp" },
  lines: [
    line(0, "Platform fee, monthly, 400 seats included", null, 1n, 100_000_00n),
    line(1, "API calls (volume tier for 1,100,855,304,695 calls)", "api_calls", 1_100_855_304_695n, 1_234_467_890_12n),
    line(2, "Storage", "storage_bytes", 1_100_855_304_695n, 48_00n),
  ],
} as unknown as InvoiceDetail;

describe("invoice PDF", () => {
  it("shows stored bytes as a size and counts with grouping", () => {
    expect(quantityLabel({ metric: "storage_bytes", quantity: 1_100_855_304_695n })).toBe("1 TB");
    expect(quantityLabel({ metric: "storage_bytes", quantity: 858_993_459_200n })).toBe("800 GB");
    expect(quantityLabel({ metric: "api_calls", quantity: 1_100_855_304_695n })).toBe("1,100,855,304,695");
  });

  it("keeps a quantity in the trillions inside its column, clear of the description and the amount", async () => {
    const { items } = await extractTextItems(new Uint8Array(await renderInvoicePdf(invoice)));
    const page = items[0]!;
    const find = (text: string) => {
      const found = page.filter((i) => i.str === text);
      expect(found, text).toHaveLength(1);
      return found[0]!;
    };
    const rowOf = (text: string) => page.filter((i) => i.str.trim() !== "" && Math.abs(i.y - find(text).y) < 1).sort((a, b) => a.x - b.x);
    const calls = rowOf("1,100,855,304,695");
    expect(calls.map((i) => i.str)).toEqual(["API calls (volume tier for 1,100,855,304,695 calls)", "1,100,855,304,695", "$1,234,467,890.12"]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.x).toBeGreaterThan(calls[i - 1]!.x + calls[i - 1]!.width);
    expect(rowOf("1 TB").map((i) => i.str)).toEqual(["Storage", "1 TB", "$48.00"]);
    // Right edges of the amounts line up with the header's, inside the page margin.
    const right = (i: { x: number; width: number }) => i.x + i.width;
    expect(Math.abs(right(find("$1,234,467,890.12")) - right(find("Amount")))).toBeLessThan(0.5);
    expect(right(find("$1,234,467,890.12"))).toBeLessThanOrEqual(545.5);
    expect(page.some((i) => i.str.includes("1100855304695"))).toBe(false);
  });
});
