/**
 * Test helpers for /v1: calls with a secret key over real HTTP, and fresh
 * applications with keys made by the core services staff use.
 */
import { createApplication, createSecretKey } from "@atrium/core/applications";
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";
import type { TestApi } from "../../testing.ts";

export const DEMO_KEY = DEMO_APPLICATION.secretKey;

export interface V1Response {
  status: number;
  headers: Headers;
  body: unknown;
}

export function v1Caller(api: TestApi, key: string | null = DEMO_KEY) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<V1Response> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the test sees the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

/** A new application (as the platform super admin) with one secret key. */
export async function newApplication(api: TestApi, slug: string) {
  const actor = { type: "staff" as const, userId: api.demo.users["root@atrium.example"]!, email: "root@atrium.example" };
  const { id } = await createApplication(api.db, actor, { slug, name: slug, description: "", redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: null });
  const key = await createSecretKey(api.db, actor, id, { expirePreviousInSeconds: null });
  return { id, key, actor };
}

/** The error body's shape, with the request id the response header carries. */
export function errorOf(response: V1Response): { code: string; message: string; requestId: string; details?: { field: string; message: string }[] } {
  const body = response.body as { error?: { code: string; message: string; requestId: string } };
  if (!body?.error) throw new Error(`expected an error body, got ${JSON.stringify(response.body)}`);
  return body.error;
}

/** What a webhook subscriber received: each request's raw body and headers, in arrival order. */
export interface Received {
  body: string;
  headers: Record<string, string>;
}

/**
 * A webhook subscriber on a port of its own: answers every request 204 and
 * records it in `bodies`; `url` is its /hooks address. Closed after the file's tests.
 */
export async function startReceiver(): Promise<{ url: string; bodies: Received[] }> {
  const bodies: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push({ body, headers: req.headers as Record<string, string> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, bodies };
}
