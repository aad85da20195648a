/**
 * /trpc on the wire, as the SPAs' httpBatchLink and other clients see it: batched GETs answered
 * whole, errors with their statuses, request ids and the vary header on every answer.
 */
import { describe, expect, it } from "vitest";
import { startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

function batchInput(...inputs: unknown[]) {
  return encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((json, i) => [i, { json }]))));
}

describe("tRPC over HTTP", () => {
  it("answers a batched GET whole, in order, with a Content-Length and the request id", async () => {
    const res = await owner.fetch(`/trpc/org.get,org.get?batch=1&input=${batchInput({ orgId: acme }, { orgId: acme })}`, {
      headers: { "x-request-id": "trpc-mount-test-1" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("transfer-encoding")).toBeNull();
    expect(res.headers.get("vary")).toBe("trpc-accept, accept");
    expect(res.headers.get("x-request-id")).toBe("trpc-mount-test-1");
    const text = await res.text();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    const body = JSON.parse(text) as { result: { data: { json: { id: string } } } }[];
    expect(body.map((item) => item.result.data.json.id)).toEqual([acme, acme]);
  });

  it("answers a malformed JSON body with 400, an unknown procedure with 404 and a GET of a mutation with 405", async () => {
    const malformed = await owner.fetch("/trpc/workspaces.create", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("BAD_REQUEST");

    const unknown = await owner.fetch(`/trpc/org.nothingHere?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("NOT_FOUND");

    const wrongMethod = await owner.fetch(`/trpc/workspaces.create?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(wrongMethod.status).toBe(405);
  });

  it("answers a mutation posted as JSON, and refuses a body of another type with 415", async () => {
    const created = await owner.fetch("/trpc/workspaces.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { orgId: acme, name: "Over the wire", visibility: "private" } }),
    });
    expect(created.status).toBe(200);
    const workspace = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json;
    expect(await api.db.workspace.findUnique({ where: { id: workspace.id }, select: { name: true, organizationId: true } })).toEqual({ name: "Over the wire", organizationId: acme });

    const text = await owner.fetch("/trpc/workspaces.create", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(text.status).toBe(415);
  });
});
