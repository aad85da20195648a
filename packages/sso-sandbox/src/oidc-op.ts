/**
 * An OpenID Provider built on oidc-provider, mounted under a path of a plain
 * Node HTTP server: authorization code flow with PKCE required, RS256
 * id_tokens, and a one-page "choose who you are" login standing in for a real
 * IdP's. The library's defaults hold: with `conformIdTokenClaims` the code
 * flow's id_token carries only `sub` (OIDC Core §5.4) and email, name,
 * department, title and groups are read at UserInfo.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type ClientMetadata } from "oidc-provider";
import { SANDBOX_PEOPLE, personBySub, type SandboxPerson } from "./people.ts";

export interface OidcProviderOptions {
  /** The issuer URL, ending with the mount path (e.g. http://localhost:3999/oidc). */
  issuer: string;
  clients: ClientMetadata[];
  people?: SandboxPerson[];
  /** Accept any loopback redirect URI ending in /callback (the sandbox does not know connection ids in advance). */
  allowLoopbackRedirects?: boolean;
  /**
   * Put the scopes' claims in the id_token too, as Entra ID and Okta do
   * (oidc-provider's `conformIdTokenClaims: false`). Default: the library's
   * conformant behaviour (claims only at UserInfo).
   */
  claimsInIdToken?: boolean;
  /** The signing key (a new one per provider by default); pass one to keep it across providers, or a new one to roll it over. */
  signingKey?: SandboxSigningKey;
}

/** An RS256 signing key and its `kid`. */
export interface SandboxSigningKey {
  kid: string;
  privateJwk: Record<string, unknown>;
}

export function createSigningKey(): SandboxSigningKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: `sandbox-rs256-${randomBytes(4).toString("hex")}`, privateJwk: privateKey.export({ format: "jwk" }) as Record<string, unknown> };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function personPicker(title: string, action: string, people: SandboxPerson[], hidden: Record<string, string> = {}): string {
  const fields = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join("");
  const buttons = people
    .map((p) => `<li><button type="submit" name="sub" value="${escape(p.sub)}">Sign in as ${escape(p.name)}</button> <small>${escape(p.email)} · ${escape(p.groups.join(", "))}</small></li>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:8vh auto;padding:0 1rem}li{margin:.6rem 0;list-style:none}button{padding:.4rem .8rem}</style></head>
<body><h1>${escape(title)}</h1><p>Development sandbox — no passwords. Choose who you are.</p>
<form method="post" action="${escape(action)}">${fields}<ul>${buttons}</ul></form></body></html>`;
}

export function createOidcProvider(options: OidcProviderOptions) {
  const people = options.people ?? SANDBOX_PEOPLE;
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, "");
  const key = options.signingKey ?? createSigningKey();
  const provider = new Provider(options.issuer, {
    clients: options.clients,
    jwks: { keys: [{ ...key.privateJwk, kid: key.kid, use: "sig", alg: "RS256" }] as never },
    pkce: { required: () => true },
    ...(options.claimsInIdToken ? { conformIdTokenClaims: false } : {}),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "department", "title", "groups"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    cookies: { keys: ["atrium-sandbox-development-only"] },
    ttl: { AccessToken: 600, AuthorizationCode: 120, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, sub) {
      const person = people.find((p) => p.sub === sub) ?? personBySub(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: person.email, email_verified: person.emailVerified ?? true, name: person.name, department: person.department, title: person.title, groups: person.groups }),
      };
    },
  });
  if (options.allowLoopbackRedirects) {
    const original = provider.Client.prototype.redirectUriAllowed;
    provider.Client.prototype.redirectUriAllowed = function (this: InstanceType<typeof provider.Client>, uri: string) {
      try {
        const url = new URL(uri);
        if (["localhost", "127.0.0.1"].includes(url.hostname) && url.protocol === "http:" && /\/auth\/oidc\/[^/]+\/callback$/.test(url.pathname)) return true;
      } catch {
        return false;
      }
      return original.call(this, uri);
    };
  }
  const callback = provider.callback();

  /** Handles requests under the mount path; answers false for others. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path !== mountPath && !path.startsWith(`${mountPath}/`)) return false;
    if (path.startsWith(`${mountPath}/interaction/`)) {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "POST") {
        const sub = (await readForm(req)).get("sub") ?? "";
        if (!people.some((p) => p.sub === sub)) {
          res.writeHead(400).end("unknown person");
          return true;
        }
        const grant = new provider.Grant({ accountId: sub, clientId: String(details.params["client_id"]) });
        grant.addOIDCScope(String(details.params["scope"] ?? "openid"));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return true;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(personPicker("Sandbox IdP · OpenID Connect", path, people));
      return true;
    }
    const original = req.url ?? "/";
    Object.assign(req, { originalUrl: original, url: original.slice(mountPath.length) || "/" });
    callback(req, res);
    return true;
  }

  return { provider, handle, issuer: options.issuer, discoveryUrl: `${options.issuer}/.well-known/openid-configuration` };
}
