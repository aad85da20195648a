/**
 * `npm run license:keys -w @atrium/core -- <list|rotate|retire <kid>>`: the
 * licence signing keys from a shell (the CSM portal's super admins have the
 * same through the API). Each change is audited as the system actor
 * `license-keys`. `list` prints the public JWKS to ship to customers
 * (ATRIUM_LICENSE_PUBLIC_KEYS).
 */
import { createDb } from "@atrium/db";
import { withServer } from "@atrium/db/cli";
import { systemActor } from "../actor.ts";
import { listLicenseKeys, retireLicenseKey, rotateLicenseKeys } from "./keys.ts";

const [command = "list", kid] = process.argv.slice(2);
const actor = systemActor("license-keys");

await withServer(async (url) => {
  const db = createDb(url);
  try {
    if (command === "rotate") {
      const { activeKid, previousKid } = await rotateLicenseKeys(db, actor);
      console.log(`New active key ${activeKid}.${previousKid ? ` ${previousKid} no longer signs; its licences keep verifying until you retire it.` : ""}`);
    } else if (command === "retire" && kid) {
      await retireLicenseKey(db, actor, kid);
      console.log(`Retired ${kid}: licences it signed no longer verify here.`);
    } else if (command === "list") {
      const keys = await listLicenseKeys(db);
      for (const k of keys) console.error(`${k.status.padEnd(9)} ${k.kid}  created ${k.createdAt.toISOString()}`);
      console.log(JSON.stringify({ keys: keys.filter((k) => k.status !== "retired").map((k) => k.publicJwk) }));
    } else {
      console.error("Usage: license:keys [list | rotate | retire <kid>]");
      process.exitCode = 2;
    }
  } finally {
    await db.$disconnect();
  }
});
