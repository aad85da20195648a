/**
 * Database settings shared by the launcher and the db/seed commands.
 * DATABASE_URL, when set, names the PostgreSQL to use and nothing is
 * embedded; otherwise an embedded server keeps its data in ATRIUM_DATA_DIR.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const ZDbEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  ATRIUM_DATA_DIR: z.string().min(1).default(".data"),
  ATRIUM_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type DbEnv = z.infer<typeof ZDbEnv> & {
  dataDir: string;
  /** Where the command was started (npm sets INIT_CWD); relative paths given on the command line resolve against it. */
  invocationDir: string;
};

export function readDbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  const parsed = ZDbEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid database configuration:\n${z.prettifyError(parsed.error)}`);
  }
  // Relative paths are relative to where the command was started (npm sets INIT_CWD).
  const invocationDir = source["INIT_CWD"] ?? process.cwd();
  const base = source["ATRIUM_DATA_DIR"] ? invocationDir : REPO_ROOT;
  return { ...parsed.data, dataDir: resolve(base, parsed.data.ATRIUM_DATA_DIR), invocationDir };
}
