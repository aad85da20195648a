/** What the OpenID Provider's routes need from the server, apart from index.ts so that interaction.ts can name it. */
import type { Db } from "@atrium/db";
import type { ApiEnv } from "../../env.ts";
import type { SessionCookies } from "../../server/session-cookie.ts";

export interface OidcDeps {
  db: Db;
  env: ApiEnv;
  cookies: SessionCookies;
}
