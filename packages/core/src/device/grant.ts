/**
 * The device authorization grant (RFC 8628) for headless clients: the
 * device asks for a code pair, a signed-in person enters the user code on
 * /device and approves it for one organization, the device polls the token
 * endpoint and receives a scoped bearer token (`atd_…`, stored as SHA-256
 * with its prefix). Errors carry the RFC's codes; the HTTP layer answers
 * them as RFC 6749 §5.2 JSON. The token's issue is the device's sign-in
 * (`auth.login`, method `device`, on the platform log and the approved
 * organization's); a denial, or an approval refused for scopes not held, is
 * a refused sign-in with its reason (see auth/sign-in-audit.ts).
 */
import type { Db, DbOrTx } from "@atrium/db";
import { isPermission, type Permission } from "@atrium/rbac";
import { actorForUser, type Actor, type RequestMeta } from "../actor.ts";
import { contextFor, loadOrgAccess, permissionsOf } from "../access/service.ts";
import { recordAudit } from "../audit/writer.ts";
import { recordSignIn } from "../auth/sign-in-audit.ts";
import { lockedForSeconds, recordFailure } from "../auth/throttle.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { AppError, notFound } from "../errors.ts";
import { deviceClient, type DeviceClient } from "./clients.ts";
import { formatUserCode, generateUserCode, normalizeUserCode } from "./codes.ts";

export const DEVICE_CODE_LIFETIME_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each slow_down adds five seconds to the interval. */
export const SLOW_DOWN_STEP_SECONDS = 5;
export const DEVICE_TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;
export const DEFAULT_DEVICE_SCOPES: Permission[] = ["org:read"];
const USER_CODE_THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type DeviceErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_scope"
  | "invalid_grant"
  | "unsupported_grant_type"
  | "authorization_pending"
  | "slow_down"
  | "expired_token"
  | "access_denied";

export class DeviceGrantError extends Error {
  override name = "DeviceGrantError";
  constructor(
    readonly error: DeviceErrorCode,
    readonly description: string,
  ) {
    super(description);
  }

  /**
   * RFC 6749 §5.2: 400. Device clients are public (they send only their
   * client_id), so an unknown one is a 400 too; the transport answers 401 with
   * `WWW-Authenticate` only when the client tried to authenticate.
   */
  get status(): number {
    return 400;
  }
}

function clientOrThrow(clientId: string | undefined): DeviceClient {
  const client = clientId ? deviceClient(clientId) : null;
  if (!client) throw new DeviceGrantError("invalid_client", "Unknown client_id.");
  return client;
}

function parseScopes(scope: string | undefined): Permission[] {
  const names = (scope ?? "").split(" ").filter(Boolean);
  if (names.length === 0) return DEFAULT_DEVICE_SCOPES;
  const unknown = names.filter((n) => !isPermission(n));
  if (unknown.length) throw new DeviceGrantError("invalid_scope", `Unknown scope: ${unknown.join(" ")}.`);
  return [...new Set(names)] as Permission[];
}

export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** §3.1–3.2: a new device code and user code for a client. */
export async function requestDeviceAuthorization(
  db: Db,
  input: { clientId: string | undefined; scope: string | undefined },
  meta: RequestMeta,
  verificationUri: string,
): Promise<DeviceAuthorizationResponse> {
  const client = clientOrThrow(input.clientId);
  const scopes = parseScopes(input.scope);
  const deviceCode = randomToken(32);
  await db.deviceAuthorization.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 24 * 3600_000) } } });
  for (let attempt = 0; ; attempt++) {
    const userCode = generateUserCode();
    try {
      await db.deviceAuthorization.create({
        data: {
          deviceCodeHash: sha256Hex(deviceCode),
          userCode,
          clientId: client.id,
          scopes,
          intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
          ip: meta.ip ?? null,
          userAgent: meta.userAgent?.slice(0, 512) ?? null,
          expiresAt: new Date(Date.now() + DEVICE_CODE_LIFETIME_SECONDS * 1000),
        },
        select: { id: true },
      });
      const formatted = formatUserCode(userCode);
      return {
        device_code: deviceCode,
        user_code: formatted,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?user_code=${formatted}`,
        expires_in: DEVICE_CODE_LIFETIME_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    } catch (error) {
      // A user code collision (one in 20^8) — draw again.
      if (attempt >= 3 || (error as { code?: string }).code !== "P2002") throw error;
    }
  }
}

export interface DeviceTokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
}

interface PolledRow {
  id: string;
  client_id: string;
  scopes: string[];
  status: "pending" | "approved" | "denied" | "consumed";
  interval_seconds: number;
  last_polled_at: Date | null;
  expires_at: Date;
  user_id: string | null;
  organization_id: string | null;
  mfa_verified_at: Date | null;
  user_agent: string | null;
}

type PollOutcome = { token: DeviceTokenResponse } | { error: DeviceGrantError };

/** §3.4–3.5: one poll of the token endpoint. Throws DeviceGrantError until a token can be issued (once). */
export async function pollDeviceToken(
  db: Db,
  input: { clientId: string | undefined; deviceCode: string | undefined },
  meta: RequestMeta,
): Promise<DeviceTokenResponse> {
  const client = clientOrThrow(input.clientId);
  if (!input.deviceCode) throw new DeviceGrantError("invalid_request", "device_code is required.");
  const deviceCodeHash = sha256Hex(input.deviceCode);
  // The poll's bookkeeping (last poll, slowed interval) commits even when the answer is an error.
  const outcome = await db.$transaction(async (tx): Promise<PollOutcome> => {
    const [row] = await tx.$queryRaw<PolledRow[]>`
      SELECT id::text, client_id, scopes, status, interval_seconds, last_polled_at, expires_at,
             user_id::text, organization_id::text, mfa_verified_at, user_agent
        FROM device_authorizations WHERE device_code_hash = ${deviceCodeHash} FOR UPDATE`;
    const fail = (error: DeviceErrorCode, description: string) => ({ error: new DeviceGrantError(error, description) });
    if (!row || row.client_id !== client.id) return fail("invalid_grant", "The device code is not valid for this client.");
    if (row.status === "consumed") return fail("invalid_grant", "The device code has already been used.");
    const now = new Date();
    if (row.expires_at <= now) return fail("expired_token", "The device code has expired; start again.");
    if (row.status === "denied") return fail("access_denied", "The request was denied.");
    if (row.status === "pending") {
      const tooSoon = row.last_polled_at !== null && now.getTime() - row.last_polled_at.getTime() < row.interval_seconds * 1000;
      await tx.deviceAuthorization.update({
        where: { id: row.id },
        data: { lastPolledAt: now, ...(tooSoon ? { intervalSeconds: Math.min(600, row.interval_seconds + SLOW_DOWN_STEP_SECONDS) } : {}) },
        select: { id: true },
      });
      return tooSoon
        ? fail("slow_down", `Polling too fast; wait ${row.interval_seconds + SLOW_DOWN_STEP_SECONDS} seconds between requests.`)
        : fail("authorization_pending", "The user has not approved the request yet.");
    }
    await tx.deviceAuthorization.update({ where: { id: row.id }, data: { status: "consumed", lastPolledAt: now }, select: { id: true } });
    const user = await tx.user.findUnique({ where: { id: row.user_id! }, select: { id: true, email: true, platformRole: true, status: true } });
    const access = user?.status === "active" ? await loadOrgAccess(tx, user.id, row.organization_id!) : null;
    if (!user || !access) {
      await recordSignIn(tx, user ? actorForUser(user, meta) : { type: "anonymous", label: `device:${row.client_id}`, ...meta }, {
        userId: row.user_id,
        status: "denied",
        details: { method: "device", clientId: row.client_id, reason: "approver_lost_access" },
        organizationIds: [row.organization_id!],
      });
      return fail("access_denied", "The approving user no longer has access to the organization.");
    }
    const token = await issueDeviceToken(tx, actorForUser(user, meta, row.mfa_verified_at !== null), {
      userId: user.id,
      organizationId: row.organization_id!,
      clientId: row.client_id,
      scopes: row.scopes,
      mfaVerifiedAt: row.mfa_verified_at,
      ip: meta.ip ?? null,
      userAgent: row.user_agent ?? meta.userAgent ?? null,
    });
    return { token };
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.token;
}

const TOKEN = /^(atd_[a-z2-7]{8})_[a-z2-7]{52}$/;

async function issueDeviceToken(
  tx: DbOrTx,
  actor: Actor,
  grant: { userId: string; organizationId: string; clientId: string; scopes: string[]; mfaVerifiedAt: Date | null; ip: string | null; userAgent: string | null },
): Promise<DeviceTokenResponse> {
  const prefix = `atd_${randomToken(5)}`;
  const token = `${prefix}_${randomToken(32)}`;
  const row = await tx.deviceToken.create({
    data: { ...grant, prefix, secretHash: sha256Hex(token), expiresAt: new Date(Date.now() + DEVICE_TOKEN_LIFETIME_MS) },
    select: { id: true },
  });
  // The device's sign-in, in the organization the token acts in; the issue event travels in the same batch.
  await recordSignIn(tx, actor, {
    userId: grant.userId,
    status: "success",
    details: { method: "device", clientId: grant.clientId, mfa: grant.mfaVerifiedAt !== null },
    organizationIds: [grant.organizationId],
    also: [{ action: "device.token_issue", organizationId: grant.organizationId, resource: { type: "device_token", id: row.id }, details: { clientId: grant.clientId, prefix, scopes: grant.scopes } }],
  });
  return { access_token: token, token_type: "Bearer", expires_in: DEVICE_TOKEN_LIFETIME_MS / 1000, scope: grant.scopes.join(" ") };
}

export interface PendingDeviceAuthorization {
  userCode: string;
  client: DeviceClient;
  scopes: Permission[];
  expiresAt: Date;
  requestedFromIp: string | null;
}

const unknownCode = () => new AppError("NOT_FOUND", { userMessage: "That code is not valid or has expired. Check the code on your device." });

async function pendingByCode(db: DbOrTx, userCodeInput: string) {
  const userCode = normalizeUserCode(userCodeInput);
  if (!userCode) return null;
  const row = await db.deviceAuthorization.findUnique({
    where: { userCode },
    select: { id: true, userCode: true, clientId: true, scopes: true, status: true, expiresAt: true, ip: true },
  });
  return row && row.status === "pending" && row.expiresAt > new Date() ? row : null;
}

async function throttledLookup(db: Db, actor: Actor, userId: string, userCodeInput: string) {
  const keys = [{ key: `device:${userId}`, rule: USER_CODE_THROTTLE }];
  const seconds = await lockedForSeconds(db, keys);
  if (seconds > 0) throw new AppError("TOO_MANY_REQUESTS", { userMessage: "Too many wrong codes. Try again later.", retryAfterSeconds: seconds });
  const row = await pendingByCode(db, userCodeInput);
  if (!row) {
    await db.$transaction(async (tx) => {
      await recordFailure(tx, keys);
      await recordAudit(tx, actor, { action: "device.authorize", organizationId: null, status: "denied", resource: { type: "device_authorization" }, details: { reason: "unknown_user_code" } });
    });
    throw unknownCode();
  }
  return row;
}

/** What the /device page shows for a user code: the client and the scopes it asks for. */
export async function lookupDeviceAuthorization(db: Db, actor: Actor, userId: string, userCode: string): Promise<PendingDeviceAuthorization> {
  const row = await throttledLookup(db, actor, userId, userCode);
  return {
    userCode: formatUserCode(row.userCode),
    client: deviceClient(row.clientId) ?? { id: row.clientId, name: row.clientId },
    scopes: row.scopes as Permission[],
    expiresAt: row.expiresAt,
    requestedFromIp: row.ip,
  };
}

/**
 * The signed-in person approves (for one organization they belong to, and
 * only scopes they hold there) or denies a pending request.
 */
export async function decideDeviceAuthorization(
  db: Db,
  actor: Actor,
  session: { userId: string; mfaVerifiedAt: Date | null },
  input: { userCode: string; organizationId: string | null; approve: boolean },
): Promise<void> {
  const row = await throttledLookup(db, actor, session.userId, input.userCode);
  const access = input.organizationId ? await loadOrgAccess(db, session.userId, input.organizationId) : null;
  if (input.organizationId && !access) throw notFound("The organization");
  if (input.approve && !access) throw new AppError("BAD_REQUEST", { userMessage: "Choose the organization the device may act in." });
  const organizationId = access?.organization.id ?? null;
  const details = { clientId: row.clientId, scopes: row.scopes, userCode: formatUserCode(row.userCode) };
  if (input.approve && access) {
    const held = permissionsOf(access, contextFor(actor, access));
    const lacking = row.scopes.filter((s) => !held.has(s as Permission));
    if (lacking.length) {
      await recordSignIn(db, actor, {
        userId: session.userId,
        status: "denied",
        details: { method: "device", clientId: row.clientId, reason: "scopes_not_held", scopes: lacking },
        organizationIds: [access.organization.id],
        also: [{
          action: "device.authorize",
          organizationId: access.organization.id,
          status: "denied",
          resource: { type: "device_authorization", id: row.id },
          details: { ...details, reason: `scopes not held: ${lacking.join(" ")}` },
        }],
      });
      throw new AppError("FORBIDDEN", { userMessage: `You cannot approve scopes you do not hold in this organization: ${lacking.join(", ")}.` });
    }
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.deviceAuthorization.updateMany({
      where: { id: row.id, status: "pending" },
      data: {
        status: input.approve ? "approved" : "denied",
        userId: session.userId,
        organizationId,
        mfaVerifiedAt: session.mfaVerifiedAt,
        decidedAt: new Date(),
      },
    });
    if (count !== 1) throw unknownCode();
    const decision = { action: "device.authorize", organizationId, resource: { type: "device_authorization", id: row.id }, details: { ...details, decision: input.approve ? "approved" : "denied" } } as const;
    if (input.approve) return recordAudit(tx, actor, decision);
    // A denial refuses the device's sign-in: recorded where the token would have acted (every organization of the user when none was chosen).
    await recordSignIn(tx, actor, {
      userId: session.userId,
      status: "denied",
      details: { method: "device", clientId: row.clientId, reason: "denied_by_user" },
      ...(organizationId ? { organizationIds: [organizationId] } : {}),
      also: [decision],
    });
  });
}

export interface DeviceTokenPrincipal {
  id: string;
  prefix: string;
  userId: string;
  organizationId: string;
  scopes: Permission[];
  mfa: boolean;
  user: { id: string; email: string; name: string; platformRole: "super_admin" | "csm" | "support" | "finance" | "sales" | null };
}

export const isDeviceToken = (token: string) => token.startsWith("atd_");

/** The token's principal if it is valid, unrevoked, unexpired and its user active (last use recorded at most once a minute). */
export async function authenticateDeviceToken(db: Db, token: string, meta: RequestMeta): Promise<DeviceTokenPrincipal | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db.deviceToken.findUnique({
    where: { secretHash: sha256Hex(token) },
    select: { id: true, prefix: true, userId: true, organizationId: true, scopes: true, mfaVerifiedAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt || row.expiresAt <= new Date()) return null;
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { id: true, email: true, name: true, platformRole: true, status: true } });
  if (!user || user.status !== "active") return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.deviceToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(), lastUsedIp: meta.ip ?? null }, select: { id: true } });
  }
  return {
    id: row.id,
    prefix: row.prefix,
    userId: row.userId,
    organizationId: row.organizationId,
    scopes: row.scopes as Permission[],
    mfa: row.mfaVerifiedAt !== null,
    user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole },
  };
}

/**
 * The token's access to its organization: what its user may do there right
 * now (roles, grants, conditions — with the token's MFA state), narrowed to
 * the approved scopes. Null for any other organization, or once the user lost access.
 */
export async function loadDeviceTokenAccess(db: Db, principal: DeviceTokenPrincipal, actor: Actor, organizationId: string) {
  if (principal.organizationId !== organizationId) return null;
  const access = await loadOrgAccess(db, principal.userId, organizationId);
  if (!access) return null;
  const held = permissionsOf(access, contextFor(actor, access));
  const permissions = principal.scopes.filter((s) => held.has(s));
  const role = { id: principal.id, name: `Device token ${principal.prefix}`, permissions };
  return {
    ...access,
    subject: { id: principal.userId, roles: [{ organizationId, role }], groupIds: [], attributes: access.subject.attributes },
  };
}
