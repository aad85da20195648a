/** What the OpenID Provider's routes need from the server, apart from index.ts so that interaction.ts can name it. */
import type { Actor } from "@atrium/core/actor";
import type { AuditEntry } from "@atrium/core/audit";
import type { Db } from "@atrium/db";
import type { ApiEnv } from "../../env.ts";
import type { SessionCookies } from "../../server/session-cookie.ts";

export interface OidcDeps {
  db: Db;
  env: ApiEnv;
  cookies: SessionCookies;
  /** Queues an application's call on the platform log (the /v1 audit buffer). */
  recordAudit: (actor: Actor, entry: AuditEntry) => void;
}
