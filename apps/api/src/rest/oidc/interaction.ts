/**
 * The OpenID Provider's interaction: Atrium's own sign-in, then the
 * organization, then the grant — in this order, each one step:
 *
 *  1. no Atrium session in this browser → the admin SPA's sign-in (e-mail
 *     first, home-realm discovery to the organization's SSO, or password and
 *     MFA, with enforcement), which comes back here (`return_to`);
 *  2. the organization: the `organization` parameter (id or slug) where the
 *     person must be an active member; else their only one; else a page to
 *     choose; none → `access_denied`;
 *  3. its policies (IP allowlist, MFA policy) — each refusal `access_denied`
 *     to the application and an audited denial (core admitSignIn);
 *  4. the grant: the scopes asked for, no consent screen (first-party
 *     applications), the organization kept beside the grant for the claims.
 */
import type { Actor } from "@atrium/core/actor";
import { admitSignIn, pickOrganization, setGrantOrganization, signInOrganizations, type SignInOrganization } from "@atrium/core/oidc-provider";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { z } from "zod";
import { sessionOf } from "../../auth/caller.ts";
import type { OidcDeps } from "./deps.ts";
import { organizationPicker, refusalPage } from "./pages.ts";

const ZUid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const ZPick = z.object({ organization: z.uuid() });

/** How long the organization is kept beside a grant: the grant's own lifetime. */
const GRANT_TTL_MS = 30 * 86_400_000;

const REFUSALS = {
  not_a_member: "You are not a member of the organization this application asked for.",
  ip_not_allowed: "Your network is not on this organization's IP allowlist.",
  mfa_required: "This organization requires multi-factor authentication. Sign out, then sign in again with your second factor.",
} as const;

type Deps = OidcDeps & { provider: () => Promise<Provider> };

export function registerInteraction(app: FastifyInstance, deps: Deps) {
  async function finish(req: FastifyRequest, reply: FastifyReply, result: InteractionResults) {
    const provider = await deps.provider();
    reply.hijack();
    await provider.interactionFinished(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
  }

  /** Steps 2–4 for the chosen organization (null: none that fits). */
  async function complete(req: FastifyRequest, reply: FastifyReply, ctx: { details: Awaited<ReturnType<Provider["interactionDetails"]>>; actor: Actor & { type: "user" } }, org: SignInOrganization | null, requested?: string) {
    const clientId = String(ctx.details.params["client_id"]);
    const admitted = await admitSignIn(deps.db, ctx.actor, { clientId, organizationId: org?.id ?? null, ...(requested ? { requested } : {}) });
    if (!admitted.allowed || !org) {
      return finish(req, reply, { error: "access_denied", error_description: REFUSALS[admitted.allowed ? "not_a_member" : admitted.refusal] });
    }
    const accountId = ctx.actor.userId;
    const provider = await deps.provider();
    const existing = ctx.details.grantId ? await provider.Grant.find(ctx.details.grantId) : undefined;
    const grant = existing && existing.accountId === accountId ? existing : new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(String(ctx.details.params["scope"] ?? "openid"));
    const missingClaims = (ctx.details.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
    if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await setGrantOrganization(deps.db, grantId, { id: org.id, slug: org.slug }, new Date(Date.now() + GRANT_TTL_MS));
    const amr = ctx.actor.mfa ? ["pwd", "mfa"] : ["pwd"];
    return finish(req, reply, { login: { accountId, amr }, consent: { grantId } });
  }

  /** The interaction and the signed-in person, or a reply already sent (expired interaction, sign-in needed). */
  async function load(req: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
    const uid = ZUid.safeParse(req.params.uid);
    if (!uid.success) return { sent: reply.code(404).type("text/html").send(refusalPage("Not found", "This sign-in link is not valid.")) };
    const provider = await deps.provider();
    let details: Awaited<ReturnType<Provider["interactionDetails"]>>;
    try {
      details = await provider.interactionDetails(req.raw, reply.raw);
    } catch {
      return { sent: reply.code(400).type("text/html").send(refusalPage("Sign-in expired", "This sign-in has expired. Go back to the application and sign in again.")) };
    }
    if (details.uid !== uid.data) return { sent: reply.code(400).type("text/html").send(refusalPage("Sign-in expired", "This sign-in has expired. Go back to the application and sign in again.")) };
    const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
    const session = await sessionOf({ db: deps.db, cookies: deps.cookies, req, res: reply, meta });
    if (!session) {
      const returnTo = `/oidc/interaction/${uid.data}`;
      return { sent: reply.redirect(`/admin/login?return_to=${encodeURIComponent(returnTo)}`, 303) };
    }
    // Staff sign in to applications as the people they are (no staff powers reach an application).
    const actor: Actor & { type: "user" } = { type: "user", userId: session.user.id, email: session.user.email, mfa: session.mfaVerifiedAt !== null, ...meta };
    return { details, actor, session };
  }

  app.get<{ Params: { uid: string } }>("/oidc/interaction/:uid", async (req, reply) => {
    const loaded = await load(req, reply);
    if ("sent" in loaded) return loaded.sent;
    const { details, actor } = loaded;
    const organizations = await signInOrganizations(deps.db, actor.userId);
    const requested = details.params["organization"];
    if (typeof requested === "string" && requested !== "") {
      return complete(req, reply, { details, actor }, pickOrganization(organizations, requested), requested);
    }
    if (organizations.length <= 1) return complete(req, reply, { details, actor }, organizations[0] ?? null);
    const client = await (await deps.provider()).Client.find(String(details.params["client_id"]));
    reply.header("cache-control", "no-store");
    return reply.type("text/html; charset=utf-8").send(organizationPicker(client?.clientName ?? "the application", `/oidc/interaction/${details.uid}`, organizations));
  });

  app.register(async (form) => {
    form.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    form.post<{ Params: { uid: string } }>("/oidc/interaction/:uid", async (req, reply) => {
      const loaded = await load(req, reply);
      if ("sent" in loaded) return loaded.sent;
      const { details, actor } = loaded;
      const pick = ZPick.safeParse(req.body);
      if (!pick.success) return reply.code(400).type("text/html").send(refusalPage("Choose an organization", "Choose one of the organizations listed."));
      const organizations = await signInOrganizations(deps.db, actor.userId);
      return complete(req, reply, { details, actor }, pickOrganization(organizations, pick.data.organization), pick.data.organization);
    });
  });
}
