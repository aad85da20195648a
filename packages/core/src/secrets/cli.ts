/**
 * `npm run secrets:rotate [-- --dry-run] [--batch-size N]`: re-encrypts every
 * sealed secret under ATRIUM_ENCRYPTION_KEY (see rotate.ts and
 * docs/OPERATIONS.md, "Rotating the encryption key"). Exits 1 when a value
 * cannot be decrypted with the configured keys (nothing is changed then).
 */
import { secrets } from "./box.ts";
import { rotateCommand } from "./rotate-command.ts";

process.exitCode = await rotateCommand(process.argv.slice(2), {
  box: secrets(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
