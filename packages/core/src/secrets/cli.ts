/**
 * `npm run secrets:rotate [-- --dry-run] [--batch-size N]`: re-encrypts every
 * sealed secret under ATRIUM_ENCRYPTION_KEY (see rotate.ts and
 * docs/OPERATIONS.md, "Rotating the encryption key"). Exits 1 when a value
 * cannot be decrypted with the configured keys (nothing is changed then).
 */
import { parseArgs } from "node:util";
import { createDb } from "@atrium/db";
import { withServer } from "@atrium/db/cli";
import { DEV_ENCRYPTION_KEY, SecretBox, secrets } from "./box.ts";
import { rotateSecrets, type RotationReport } from "./rotate.ts";

const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false }, "batch-size": { type: "string", default: "500" } } });
const batchSize = Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error("--batch-size must be an integer from 1 to 10000");

const box = secrets();
const usingDevKey = box.currentKeyId === new SecretBox([DEV_ENCRYPTION_KEY]).currentKeyId;

function print(report: RotationReport) {
  console.log(`Current key: ${report.keyId}${report.dryRun ? " (dry run: nothing changed)" : ""}`);
  for (const c of report.columns) {
    console.log(`  ${c.column.padEnd(44)} ${String(c.total).padStart(7)} sealed  ${String(c.stale).padStart(7)} on older keys  ${String(c.rotated).padStart(7)} re-encrypted`);
  }
  for (const f of report.failures) console.error(`  cannot decrypt ${f.column} row ${f.id}: ${f.reason}`);
}

let failed = false;
await withServer(async (url) => {
  const db = createDb(url);
  try {
    const check = await rotateSecrets(db, box, { dryRun: true, batchSize });
    if (usingDevKey && check.columns.some((c) => c.stale > 0)) {
      console.error("ATRIUM_ENCRYPTION_KEY is not set: refusing to re-encrypt secrets under the public development key.");
      failed = true;
      return;
    }
    const report = values["dry-run"] ? check : await rotateSecrets(db, box, { batchSize });
    print(report);
    if (report.failures.length > 0) {
      console.error(
        report.refused
          ? "Refused: some values do not decrypt with ATRIUM_ENCRYPTION_KEY or ATRIUM_ENCRYPTION_KEYS_PREVIOUS; nothing was changed."
          : "Some rows changed during the run and were left as they are; run the command again.",
      );
      failed = true;
    }
  } finally {
    await db.$disconnect();
  }
});
if (failed) process.exitCode = 1;
