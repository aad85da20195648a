/**
 * `npm run oidc:rotate-keys -w @atrium/core`: rotates the OpenID Provider's
 * signing keys (next → active, active → retired, a new next), audited as the
 * system actor `oidc-key-rotation`. Running API and worker instances notice
 * the new key set within about a second and sign with the new active key, no
 * restart needed (key-following.ts).
 */
import { createDb } from "@atrium/db";
import { withServer } from "@atrium/db/cli";
import { systemActor } from "../actor.ts";
import { rotateSigningKeys } from "./signing-keys.ts";

await withServer(async (url) => {
  const db = createDb(url);
  try {
    const { activeKid } = await rotateSigningKeys(db, systemActor("oidc-key-rotation"));
    console.log(`Signing keys rotated: ${activeKid} is now active. Running API and worker instances sign with it within a few seconds.`);
  } finally {
    await db.$disconnect();
  }
});
