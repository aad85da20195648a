/**
 * Notes beside a test's API, wired as `npm start` wires them: the demo-product
 * application's redirect, post-logout and back-channel logout URIs point at
 * Notes' own port, and the real worker serves back-channel logouts (loopback
 * allowed, as in development). Both stop after the file's tests.
 */
import type { TestApi } from "@atrium/api/testing";
import { freePort } from "@atrium/db/embedded";
import { startQueueWorker } from "@atrium/worker/testing";
import { afterAll } from "vitest";
import { createDemo } from "./server.ts";

export async function startNotes(api: TestApi, options: { webhookSecret?: string; log?: (line: string) => void } = {}): Promise<{ url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await api.db.application.update({
    where: { slug: "demo-product" },
    data: { redirectUris: [`${url}/callback`], postLogoutRedirectUris: [`${url}/`], backchannelLogoutUri: `${url}/backchannel-logout` },
  });
  const { webhookSecret, log = () => {} } = options;
  const demo = createDemo({ port, publicUrl: url, atriumUrl: api.url, clientId: "demo-product", secretKey: "atrium_sk_demo_product", ...(webhookSecret ? { webhookSecret } : {}) }, log);
  await new Promise<void>((resolve) => demo.server.listen(port, "127.0.0.1", resolve));
  afterAll(() => new Promise((resolve) => demo.server.close(resolve)));
  await startQueueWorker(api.databaseUrl, ["oidc-backchannel-logout"], { billing: { prices: { team: "t", business: "b" }, publicUrl: api.url }, oidcAllowLoopback: true });
  return { url };
}
