/**
 * The OpenAPI document is generated, never written: the committed copy
 * (apps/api/openapi/v1.json) and the served one must equal what the routes'
 * zod schemas generate, and every /v1 route must declare what it takes and
 * answers. Regenerate with `npm run openapi -w @atrium/api`.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { formatDocument, generateV1Document, V1_DOCUMENT_PATH } from "./document.ts";

const api = await startTestApi();
const generated = (await generateV1Document()) as {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; parameters?: { in: string; name: string }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
};

const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, "{$1}");

describe("the /v1 OpenAPI document", () => {
  it("is OpenAPI 3.1 and the committed copy is what the schemas generate (npm run openapi -w @atrium/api)", async () => {
    expect(generated.openapi).toBe("3.1.0");
    expect(await readFile(V1_DOCUMENT_PATH, "utf8")).toBe(formatDocument(generated));
  });

  it("is served at /v1/openapi.json without a key", async () => {
    const response = await fetch(`${api.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(generated);
  });

  it.each(api.app.v1.routes.map((r) => [`${r.method} ${r.url}`, r] as const))("%s declares its request and response schemas", (_name, route) => {
    // On the route itself (the document alone would not tell: path parameters appear in it without a schema).
    expect(route.responses).toEqual(expect.arrayContaining(["200", "400", "401", "429"]));
    if (route.url.includes(":")) expect(route.schemas, "params schema").toContain("params");
    if (route.url.includes(":")) expect(route.responses, "404 response").toContain("404");
    if (route.method === "POST") expect(route.schemas, "body schema").toContain("body");

    const operation = generated.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
    expect(operation, "the route is missing from the document").toBeDefined();
    expect(operation!.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    for (const status of ["200", "400", "401", "429"]) {
      expect(operation!.responses[status]?.content?.["application/json"]?.schema, `response ${status}`).toBeDefined();
    }
    for (const [, name] of route.url.matchAll(/:([A-Za-z]+)/g)) {
      expect(operation!.parameters?.some((p) => p.in === "path" && p.name === name), `path parameter ${name}`).toBe(true);
      expect(operation!.responses["404"]?.content?.["application/json"]?.schema, "response 404").toBeDefined();
    }
    if (route.method === "POST") expect(operation!.requestBody, "request body").toBeDefined();
  });

  it("the reference page at /docs/api loads its script from this server, and its CSP allows fetching nothing elsewhere", async () => {
    const page = await fetch(`${api.url}/docs/api/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/(?:src|href)="([^"]+)"/g)?.map((a) => a.replace(/^(?:src|href)=/, ""))).toEqual(['"js/scalar.js"']);
    expect(html).toContain("/v1/openapi.json");
    const csp = page.headers.get("content-security-policy")!;
    for (const directive of ["default-src 'self'", "connect-src 'self'", "img-src 'self' data:", "font-src 'self' data:"]) expect(csp).toContain(directive);
    const script = await fetch(`${api.url}/docs/api/js/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
  });
});
