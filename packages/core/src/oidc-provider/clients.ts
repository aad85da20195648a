/**
 * Clients are Atrium applications: client_id = the application's slug, its
 * redirect, post-logout and back-channel logout URIs from the `applications`
 * table, authentication `client_secret_basic` or `client_secret_post` with
 * one of the application's secret keys (`atrium_sk_…`).
 *
 * Secret keys are kept only as SHA-256 hashes, so the client metadata cannot
 * carry the secret oidc-provider would compare. The metadata carries a
 * placeholder that opens nothing, and `verifyClientSecret` (installed as
 * `Client.prototype.compareClientSecret`, which the library awaits) checks
 * the presented secret through the same lookup as the /v1 API: by its hash,
 * not revoked, not expired, of this very application. Symmetric (HS*)
 * algorithms are not offered, so the placeholder never keys a MAC.
 *
 * Within a request to the provider (prefetch.ts) the client is read with the
 * hashes of its live keys, which the secret check of the same request then
 * uses instead of a second statement (the library always checks the secret
 * right after finding the client). For introspection and revocation, whose
 * parameters are read before the client is looked up, the same statement
 * also reads the token the request names, as an access token and as a
 * refresh token, each with its grant and session: the whole call is one
 * statement. The key that authenticated the client is kept for the rest of
 * the request (the API audits the call as that application's).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Prisma, queryRaw, type DbOrTx } from "@atrium/db";
import Provider, { type AdapterPayload } from "oidc-provider";
import { authenticateSecretKey, secretKeyHash } from "../applications/keys.ts";
import { keepAuthenticatedClient, keepClientKeys, prefetching, takeClientKeys, type LiveClientKey } from "./prefetch.ts";
import { keepToken, tokenJson, type TokenRow } from "./token-read-ahead.ts";

/** Never a valid secret key (no `atrium_sk_` prefix), never compared: see verifyClientSecret. */
const PLACEHOLDER_SECRET = `unused-${randomBytes(24).toString("base64url")}`;

interface ApplicationRow {
  id: string;
  slug: string;
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  keys?: LiveClientKey[];
  access_token?: TokenRow | null;
  refresh_token?: TokenRow | null;
}

/** Routes whose `token` parameter the library looks up right after authenticating the client: as an access token and as a refresh token. */
const TOKEN_ROUTES = new Set(["introspection", "revocation"]);

/** The token an introspection or revocation request names, once its parameters are read; undefined otherwise. */
function requestedToken(): string | undefined {
  const oidc = (Provider.ctx as { oidc?: { route?: string; params?: { token?: unknown } } } | undefined)?.oidc;
  const token = oidc?.route && TOKEN_ROUTES.has(oidc.route) ? oidc.params?.token : undefined;
  return typeof token === "string" && token.length > 0 && token.length <= 4096 ? token : undefined;
}

/** The application's live secret keys (authenticateSecretKey's conditions), for the secret check of the same request. */
const LIVE_KEYS = Prisma.sql`,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', k.id, 'prefix', k.prefix, 'hash', k.secret_hash,
            'stale', k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')), '[]')
     FROM application_secret_keys k
    WHERE k.application_id = a.id AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS keys`;

/** The client metadata of the application whose slug is `clientId`, or undefined (unknown or archived). */
export async function findApplicationClient(db: DbOrTx, clientId: string): Promise<AdapterPayload | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(clientId)) return undefined;
  const token = prefetching() ? requestedToken() : undefined;
  const tokens = token ? Prisma.sql`, ${tokenJson("AccessToken", token)} AS access_token, ${tokenJson("RefreshToken", token)} AS refresh_token` : Prisma.empty;
  const [app] = await queryRaw<ApplicationRow>(db, Prisma.sql`
    SELECT a.id::text, a.slug, a.name, a.redirect_uris, a.post_logout_redirect_uris, a.backchannel_logout_uri ${prefetching() ? LIVE_KEYS : Prisma.empty} ${tokens}
      FROM applications a WHERE a.slug = ${clientId} AND a.archived_at IS NULL`);
  if (!app || app.redirect_uris.length === 0) return undefined;
  if (app.keys) keepClientKeys(app.slug, { applicationId: app.id, name: app.name, keys: app.keys });
  if (token) {
    keepToken("AccessToken", token, app.access_token ?? null);
    keepToken("RefreshToken", token, app.refresh_token ?? null);
  }
  return {
    client_id: app.slug,
    client_name: app.name,
    client_secret: PLACEHOLDER_SECRET,
    redirect_uris: app.redirect_uris,
    post_logout_redirect_uris: app.post_logout_redirect_uris,
    ...(app.backchannel_logout_uri ? { backchannel_logout_uri: app.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "RS256",
  } as AdapterPayload;
}

/** True when `secret` is a live secret key of the application `clientId`. */
export async function verifyClientSecret(db: DbOrTx, clientId: string, secret: unknown): Promise<boolean> {
  if (typeof secret !== "string") return false;
  const client = takeClientKeys(clientId);
  if (client) {
    const hash = secretKeyHash(secret);
    const key = hash === null ? undefined : client.keys.find((k) => timingSafeEqual(Buffer.from(k.hash), Buffer.from(hash)));
    if (!key) return false;
    if (key.stale) await db.$executeRaw`UPDATE application_secret_keys SET last_used_at = now() WHERE id = ${key.id}::uuid`;
    keepAuthenticatedClient({ applicationId: client.applicationId, name: client.name, keyId: key.id, keyPrefix: key.prefix });
    return true;
  }
  const app = await authenticateSecretKey(db, secret);
  if (app === null || app.slug !== clientId) return false;
  keepAuthenticatedClient({ applicationId: app.id, name: app.name, keyId: app.keyId, keyPrefix: app.keyPrefix });
  return true;
}
