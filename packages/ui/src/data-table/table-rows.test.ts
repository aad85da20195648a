import { describe, expect, it } from "vitest";
import { tableRows } from "./table-rows.ts";

describe("tableRows", () => {
  it("takes the rows and the failure from the query, and retries by refetching it", () => {
    const calls: string[] = [];
    const refusal = new Error("refused");
    const rows = tableRows({ query: { data: [{ id: "a" }], error: refusal, refetch: () => calls.push("refetch") } });
    expect([rows.data, rows.error]).toEqual([[{ id: "a" }], refusal]);
    rows.onRetry?.();
    expect(calls).toEqual(["refetch"]);
  });

  it("without a query, passes the rows, failure and retry given apart", () => {
    const onRetry = () => undefined;
    expect(tableRows({ data: undefined, error: "no", onRetry })).toEqual({ data: undefined, error: "no", onRetry });
    expect(tableRows({ data: [] })).toEqual({ data: [], error: undefined, onRetry: undefined });
  });
});
