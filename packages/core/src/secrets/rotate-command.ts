/**
 * The `npm run secrets:rotate` command as a function: argv and a key box in,
 * lines out, an exit code back. cli.ts is the process around it; tests call
 * it in-process against their own database.
 */
import { parseArgs } from "node:util";
import { createDb } from "@atrium/db";
import { withServer } from "@atrium/db/cli";
import { DEV_ENCRYPTION_KEY, SecretBox } from "./box.ts";
import { rotateSecrets, type RotationReport } from "./rotate.ts";

export interface RotateCommandIo {
  /** The keys to rotate with (the process's: `secrets()`). */
  box: SecretBox;
  /** The database; unset: DATABASE_URL or the embedded server (`withServer`). */
  databaseUrl?: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the command; resolves to the process exit code (0 done, 1 refused or incomplete). Throws on bad arguments. */
export async function rotateCommand(argv: string[], io: RotateCommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { "dry-run": { type: "boolean", default: false }, "batch-size": { type: "string", default: "500" } } });
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error("--batch-size must be an integer from 1 to 10000");
  const { box, out, err } = io;
  const usingDevKey = box.currentKeyId === new SecretBox([DEV_ENCRYPTION_KEY]).currentKeyId;

  const print = (report: RotationReport) => {
    out(`Current key: ${report.keyId}${report.dryRun ? " (dry run: nothing changed)" : ""}`);
    for (const c of report.columns) {
      out(`  ${c.column.padEnd(44)} ${String(c.total).padStart(7)} sealed  ${String(c.stale).padStart(7)} on older keys  ${String(c.rotated).padStart(7)} re-encrypted`);
    }
    for (const f of report.failures) err(`  cannot decrypt ${f.column} row ${f.id}: ${f.reason}`);
  };

  let code = 0;
  const work = async (url: string) => {
    const db = createDb(url);
    try {
      const check = await rotateSecrets(db, box, { dryRun: true, batchSize });
      if (usingDevKey && check.columns.some((c) => c.stale > 0)) {
        err("ATRIUM_ENCRYPTION_KEY is not set: refusing to re-encrypt secrets under the public development key.");
        code = 1;
        return;
      }
      const report = values["dry-run"] ? check : await rotateSecrets(db, box, { batchSize });
      print(report);
      if (report.failures.length > 0) {
        err(
          report.refused
            ? "Refused: some values do not decrypt with ATRIUM_ENCRYPTION_KEY or ATRIUM_ENCRYPTION_KEYS_PREVIOUS; nothing was changed."
            : "Some rows changed during the run and were left as they are; run the command again.",
        );
        code = 1;
      }
    } finally {
      await db.$disconnect();
    }
  };
  if (io.databaseUrl) await work(io.databaseUrl);
  else await withServer(work);
  return code;
}
