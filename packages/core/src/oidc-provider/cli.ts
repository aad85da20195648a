/**
 * `npm run oidc:rotate-keys -w @atrium/core`: rotates the OpenID Provider's
 * signing keys (next → active, active → retired, a new next), audited as the
 * system actor `oidc-key-rotation`. Restart the API and worker afterwards
 * (rolling) so they sign with the new active key; see signing-keys.ts.
 */
import { createDb } from "@atrium/db";
import { withServer } from "@atrium/db/cli";
import { systemActor } from "../actor.ts";
import { rotateSigningKeys } from "./signing-keys.ts";

await withServer(async (url) => {
  const db = createDb(url);
  try {
    const { activeKid } = await rotateSigningKeys(db, systemActor("oidc-key-rotation"));
    console.log(`Signing keys rotated: ${activeKid} is now active. Restart the API and worker (rolling) to sign with it.`);
  } finally {
    await db.$disconnect();
  }
});
