/**
 * Back-channel logout: woken by every new logout request (written in the
 * transaction that ended a person's Atrium sessions), it POSTs logout tokens
 * to the applications where the person is signed in and revokes their grants
 * there (packages/core/src/oidc-provider/backchannel.ts). The minute schedule
 * is the safety net. The provider instance only signs logout tokens; its
 * issuer must be the API's (`<public URL>/oidc`). It follows the signing keys
 * in the database, so a rotation needs no worker restart.
 */
import { randomBytes } from "node:crypto";
import { createAtriumProvider, keyFollowingProvider, processBackchannelLogouts } from "@atrium/core/oidc-provider";
import type { Db } from "@atrium/db";
import type Provider from "oidc-provider";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export function oidcBackchannelLogout(issuer: string, allowLoopbackRequests = false): QueueDefinition {
  const providers = new WeakMap<Db, { current: () => Promise<Provider> }>();
  const providerFor = (db: Db) => {
    let provider = providers.get(db);
    if (!provider) {
      const cookieSecret = randomBytes(32).toString("base64url");
      provider = keyFollowingProvider(db, () => createAtriumProvider(db, { issuer, cookieSecret, allowLoopbackRequests }));
      providers.set(db, provider);
    }
    return provider.current();
  };
  return defineJob(QUEUES.oidcBackchannelLogout, {
    schedule: "* * * * *",
    wakeOn: "atrium_oidc_logout",
    async handle(_job, { db, log }) {
      const provider = await providerFor(db);
      let total = { requests: 0, notified: 0, failed: 0 };
      for (;;) {
        const result = await processBackchannelLogouts(db, provider);
        total = { requests: total.requests + result.requests, notified: total.notified + result.notified, failed: total.failed + result.failed };
        if (result.requests === 0) break;
      }
      if (total.requests > 0) log(`oidc-backchannel-logout: ${total.requests} requests, ${total.notified} applications notified, ${total.failed} failed`);
      return total;
    },
  });
}
