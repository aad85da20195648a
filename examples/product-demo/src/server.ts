/**
 * Notes, the demo product: a small node:http server rendering HTML, signing
 * people in through Atrium's OpenID Provider and asking Atrium, on every
 * request that needs it, what they may do (`/v1/authorize` through the SDK,
 * cached 5 s and invalidated by events), what their organization's plan
 * includes, reporting usage and writing its own audit events.
 *
 * Sessions and notes live in memory. Forms post with the session cookie,
 * which is `SameSite=Lax`, so another site cannot post them for a person.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createAtrium, verifyWebhook, type Atrium } from "@atrium/sdk";
import type { DemoConfig } from "./env.ts";
import { atriumOidc, oidc, SCOPES, type AtriumOidc } from "./oidc.ts";
import { NoteStore } from "./notes.ts";
import { notesPage, messagePage, signedOutPage } from "./pages.ts";
import { SessionStore, type Session } from "./sessions.ts";

export const PERMISSIONS = { read: "demo-product/notes:read", write: "demo-product/notes:write", share: "demo-product/notes:share" } as const;
/** The plan feature behind "Compliance export": enterprise plans only. */
export const EXPORT_FEATURE = "compliance_reports";
const COOKIE = "notes_session";
const MAX_BODY = 64 * 1024;

export interface Demo {
  server: Server;
  sessions: SessionStore;
  notes: NoteStore;
  atrium: Atrium;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createDemo(config: DemoConfig, log: (line: string) => void = console.log): Demo {
  const sessions = new SessionStore();
  const notes = new NoteStore();
  const atrium = createAtrium({ apiKey: config.secretKey, baseUrl: config.atriumUrl });
  const op = atriumOidc(config);
  const redirectUri = `${config.publicUrl}/callback`;
  const handler = routes({ config, sessions, notes, atrium, op, redirectUri, log });

  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 502;
      if (!(error instanceof HttpError)) log(`[notes] ${req.method} ${req.url}: ${(error as Error).message}`);
      if (res.headersSent) return res.end();
      const message = error instanceof HttpError ? error.message : "Notes could not reach Atrium just now. Try again in a moment.";
      send(res, status, messagePage(status === 403 ? "Not allowed" : "Something went wrong", message));
    });
  });
  return { server, sessions, notes, atrium };
}

interface Context {
  config: DemoConfig;
  sessions: SessionStore;
  notes: NoteStore;
  atrium: Atrium;
  op: AtriumOidc;
  redirectUri: string;
  log: (line: string) => void;
}

function routes(ctx: Context) {
  const { config, sessions, notes, atrium, op } = ctx;

  const allowed = async (session: Session, permission: string, resource?: { type: string; id: string }) =>
    (await atrium.authorize({ principal: { type: "user", id: session.sub }, organizationId: session.organizationId, permission, ...(resource ? { resource } : {}) })).allowed;

  const requireSession = (req: IncomingMessage) => {
    const session = sessions.get(cookies(req)[COOKIE]);
    if (!session) throw new HttpError(401, "Your session has ended. Sign in again.");
    return session;
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", config.publicUrl);
    const route = `${req.method} ${url.pathname}`;

    if (route === "GET /") {
      const session = sessions.get(cookies(req)[COOKIE]);
      if (!session) return send(res, 200, signedOutPage());
      const [canRead, canWrite, canShare, entitlements] = await Promise.all([
        allowed(session, PERMISSIONS.read),
        allowed(session, PERMISSIONS.write),
        allowed(session, PERMISSIONS.share),
        atrium.organizations.entitlements(session.organizationId),
      ]);
      const exportFeature = entitlements.features.find((f) => f.feature === EXPORT_FEATURE);
      return send(res, 200, notesPage({ session, notes: canRead ? notes.list(session.organizationId) : null, canWrite, canShare, plan: entitlements.plan, exportEnabled: exportFeature?.enabled ?? false }));
    }

    if (route === "GET /login") {
      const configuration = await op.configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      sessions.startLogin(state, { verifier, nonce });
      const organization = url.searchParams.get("organization");
      const target = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: ctx.redirectUri,
        scope: SCOPES,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
        ...(organization ? { organization } : {}),
      });
      return redirect(res, target.href);
    }

    if (route === "GET /callback") {
      const error = url.searchParams.get("error");
      if (error) return send(res, 403, messagePage("Sign-in refused", error === "access_denied" ? "Atrium did not let you in to this organization." : `Atrium answered: ${error}.`));
      const login = sessions.takeLogin(url.searchParams.get("state") ?? "");
      if (!login) throw new HttpError(400, "This sign-in link has expired. Sign in again.");
      const configuration = await op.configuration();
      const tokens = await oidc.authorizationCodeGrant(configuration, url, { pkceCodeVerifier: login.verifier, expectedState: url.searchParams.get("state")!, expectedNonce: login.nonce }).catch((error: unknown) => {
        // Atrium refused the code or the id_token did not verify: a failed sign-in, not an outage.
        if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError || (error instanceof Error && error.name === "OperationProcessingError")) {
          ctx.log(`[notes] sign-in refused: ${error.message}`);
          throw new HttpError(400, "Atrium did not confirm this sign-in. Sign in again.");
        }
        throw error;
      });
      const claims = tokens.claims()!;
      const session = sessions.create({
        sub: claims.sub,
        sid: typeof claims["sid"] === "string" ? claims["sid"] : undefined,
        email: String(claims["email"] ?? ""),
        name: String(claims["name"] ?? claims["email"] ?? claims.sub),
        organizationId: String(claims["org_id"]),
        organizationName: String(claims["org_name"] ?? ""),
        roles: Array.isArray(claims["roles"]) ? claims["roles"].map(String) : [],
        idToken: tokens.id_token!,
      });
      res.setHeader("set-cookie", `${COOKIE}=${session.id}; HttpOnly; SameSite=Lax; Path=/${config.publicUrl.startsWith("https:") ? "; Secure" : ""}`);
      return redirect(res, "/");
    }

    if (route === "POST /logout") {
      const session = sessions.get(cookies(req)[COOKIE]);
      res.setHeader("set-cookie", `${COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`);
      if (!session) return redirect(res, "/");
      sessions.delete(session.id);
      const end = oidc.buildEndSessionUrl(await op.configuration(), { id_token_hint: session.idToken, post_logout_redirect_uri: `${config.publicUrl}/` });
      return redirect(res, end.href);
    }

    if (route === "POST /notes") {
      const session = requireSession(req);
      if (!(await allowed(session, PERMISSIONS.write))) throw new HttpError(403, "Your role does not let you write notes.");
      const form = new URLSearchParams(await readBody(req));
      const title = (form.get("title") ?? "").trim();
      if (!title || title.length > 200) throw new HttpError(400, "A note needs a title of at most 200 characters.");
      const note = notes.create(session.organizationId, { title, body: (form.get("body") ?? "").slice(0, 5000), author: session.name });
      const usage = await atrium.client.POST("/v1/usage", { body: { items: [{ organizationId: session.organizationId, metric: "operations", quantity: 1, idempotencyKey: `note-${note.id}` }] } });
      // Usage is reported after the fact: a refusal (quota_exceeded at the plan's hard limit) is logged, the note kept.
      const result = usage.data?.results[0];
      if (usage.error) ctx.log(`[notes] usage not reported: ${usage.error.error.message}`);
      else if (result && (result.status === "quota_exceeded" || result.status === "invalid")) ctx.log(`[notes] usage refused: ${result.message}`);
      return redirect(res, "/");
    }

    const share = /^\/notes\/([0-9a-f-]{36})\/share$/.exec(url.pathname);
    if (req.method === "POST" && share) {
      const session = requireSession(req);
      const note = notes.get(session.organizationId, share[1]!);
      if (!note) throw new HttpError(404, "There is no such note in your organization.");
      if (!(await allowed(session, PERMISSIONS.share, { type: "demo-product/note", id: note.id }))) throw new HttpError(403, "Your role does not let you share notes outside the organization.");
      const audit = await atrium.client.POST("/v1/audit/events", {
        body: { events: [{ organizationId: session.organizationId, action: "demo-product/note.share", status: "success", actor: { type: "user", id: session.sub }, resource: { type: "demo-product/note", id: note.id }, details: { sharedWith: "external-link" } }] },
      });
      if (audit.error) throw new Error(`audit event refused: ${audit.error.error.message}`);
      note.sharedAt = new Date();
      return redirect(res, "/");
    }

    if (route === "GET /export") {
      const session = requireSession(req);
      const entitlements = await atrium.organizations.entitlements(session.organizationId);
      if (!entitlements.features.find((f) => f.feature === EXPORT_FEATURE)?.enabled) throw new HttpError(403, "Compliance export is on the Enterprise plan.");
      if (!(await allowed(session, PERMISSIONS.read))) throw new HttpError(403, "Your role does not let you read notes.");
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-disposition": "attachment; filename=notes.json" });
      return res.end(JSON.stringify(notes.list(session.organizationId)));
    }

    if (route === "POST /backchannel-logout") {
      const token = new URLSearchParams(await readBody(req)).get("logout_token");
      const named = token ? await op.verifyLogoutToken(token).catch(() => undefined) : undefined;
      res.setHeader("cache-control", "no-store");
      if (!named) {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "invalid_request", error_description: "the logout token is missing or not valid" }));
      }
      const ended = sessions.end(named);
      ctx.log(`[notes] back-channel logout ended ${ended} session(s)`);
      return res.writeHead(200).end();
    }

    if (route === "POST /webhooks/atrium") {
      if (!config.webhookSecret) throw new HttpError(404, "Webhooks are not configured.");
      const raw = await readBody(req);
      let event;
      try {
        event = verifyWebhook(raw, req.headers, config.webhookSecret);
      } catch {
        return res.writeHead(400).end();
      }
      const userId = typeof event.data.userId === "string" ? event.data.userId : undefined;
      if (userId && event.type === "user.deprovisioned") sessions.end({ sub: userId });
      if (userId && event.type === "membership.removed") sessions.end({ sub: userId, organizationId: event.organizationId });
      atrium.invalidate(event);
      return res.writeHead(200).end();
    }

    throw new HttpError(404, "There is no such page.");
  };
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) out[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, "That request is too large.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location });
  res.end();
}
