/**
 * The sandbox identity provider `npm start` runs next to Atrium, so a
 * newcomer can try SSO end to end on one machine: SAML 2.0 (samlify) at
 * /saml/metadata and /saml/sso, OpenID Connect (oidc-provider) under /oidc.
 * Nobody types a password: a page lists the sandbox people to sign in as.
 * It trusts any Atrium on localhost and refuses to start in production.
 * Like a strict enterprise IdP, it requires signed AuthnRequests and encrypts
 * assertions, with the certificates in the SP's metadata (fetched from the
 * request's issuer, which is Atrium's metadata URL).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { sandboxKeys } from "./keys.ts";
import { createOidcProvider, personPicker } from "./oidc-op.ts";
import { SANDBOX_PEOPLE, personBySub } from "./people.ts";
import { createSamlIdp, metadataCertificates } from "./saml-idp.ts";

export const SANDBOX_OIDC_CLIENT = { clientId: "atrium-sandbox", clientSecret: "sandbox-secret" } as const;

export interface SandboxIdp {
  url: string;
  samlMetadataUrl: string;
  oidcDiscoveryUrl: string;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopback = (url: string) => {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
};

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The SP's signing and encryption certificates, from its metadata (Atrium's entity ID is its metadata URL; loopback only). */
async function spKeysOf(issuer: string): Promise<{ signingCert: string; encryptCert: string } | null> {
  if (!isLoopback(issuer)) return null;
  const response = await fetch(issuer, { redirect: "error", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) return null;
  const metadata = await response.text();
  const [signingCert] = metadataCertificates(metadata, "signing");
  const [encryptCert] = metadataCertificates(metadata, "encryption");
  return signingCert && encryptCert ? { signingCert, encryptCert } : null;
}

/** Our own reading of an AuthnRequest (HTTP-Redirect: deflated, base64): its ID, issuer and ACS URL. */
function readAuthnRequest(samlRequest: string) {
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  const issuer = root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer").item(0)?.textContent ?? "";
  return { id: root.getAttribute("ID") ?? "", issuer, acsUrl: root.getAttribute("AssertionConsumerServiceURL") ?? "" };
}

export async function startSandboxIdp(options: { port: number; host?: string; nodeEnv?: string }): Promise<SandboxIdp> {
  if (options.nodeEnv === "production") throw new Error("The sandbox IdP is for development only and refuses to start with NODE_ENV=production.");
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://localhost:${port}`;
  const idp = createSamlIdp({ entityId: `${url}/saml/metadata`, ssoUrl: `${url}/saml/sso`, ...sandboxKeys("idp"), wantAuthnRequestsSigned: true, encryptAssertions: true });
  const op = createOidcProvider({
    issuer: `${url}/oidc`,
    clients: [
      {
        client_id: SANDBOX_OIDC_CLIENT.clientId,
        client_secret: SANDBOX_OIDC_CLIENT.clientSecret,
        redirect_uris: ["http://localhost/auth/oidc/any/callback"],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    allowLoopbackRedirects: true,
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (await op.handle(req, res)) return;
    const { pathname, searchParams } = new URL(req.url ?? "/", url);
    if (pathname === "/saml/metadata") {
      res.writeHead(200, { "content-type": "application/samlmetadata+xml; charset=utf-8", "access-control-allow-origin": "*" }).end(idp.metadata());
      return;
    }
    if (pathname === "/saml/sso" && req.method === "GET") {
      const request = readAuthnRequest(searchParams.get("SAMLRequest") ?? "");
      if (!isLoopback(request.acsUrl)) {
        res.writeHead(400).end("The sandbox only signs in to an Atrium on localhost.");
        return;
      }
      const keys = await spKeysOf(request.issuer);
      if (!keys) {
        res.writeHead(400).end("The sandbox could not read the SP's certificates from its metadata.");
        return;
      }
      try {
        await idp.readRequest(idp.serviceProvider(request.issuer, request.acsUrl, { signingCert: keys.signingCert }), Object.fromEntries(searchParams), new URL(req.url ?? "/", url).search);
      } catch (error) {
        res.writeHead(400).end(`The sandbox requires signed AuthnRequests (turn on "Sign AuthnRequests"): ${(error as Error).message}`);
        return;
      }
      const hidden = { requestId: request.id, issuer: request.issuer, acsUrl: request.acsUrl, relayState: searchParams.get("RelayState") ?? "" };
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(personPicker("Sandbox IdP · SAML", "/saml/sso", SANDBOX_PEOPLE, hidden));
      return;
    }
    if (pathname === "/saml/sso" && req.method === "POST") {
      const form = await readForm(req);
      const person = personBySub(form.get("sub") ?? "");
      const acsUrl = form.get("acsUrl") ?? "";
      if (!person || !isLoopback(acsUrl)) {
        res.writeHead(400).end("Unknown person or ACS URL.");
        return;
      }
      const keys = await spKeysOf(form.get("issuer") ?? "");
      if (!keys) {
        res.writeHead(400).end("The sandbox could not read the SP's certificates from its metadata.");
        return;
      }
      const sp = idp.serviceProvider(form.get("issuer") ?? "", acsUrl, { encryptCert: keys.encryptCert });
      const samlResponse = await idp.loginResponse(
        sp,
        { email: person.email, attributes: { email: person.email, name: person.name, department: person.department, title: person.title, groups: person.groups } },
        { inResponseTo: form.get("requestId") || null },
      );
      const relayState = form.get("relayState") ?? "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escape(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}">${relayState ? `<input type="hidden" name="RelayState" value="${escape(relayState)}">` : ""}
<noscript><button type="submit">Continue</button></noscript></form></body></html>`);
      return;
    }
    if (pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Atrium sandbox IdP</title></head>
<body style="font-family:system-ui;max-width:44rem;margin:6vh auto"><h1>Atrium sandbox IdP (development only)</h1>
<ul><li>SAML metadata: <a href="/saml/metadata">${url}/saml/metadata</a></li>
<li>OIDC discovery: <a href="/oidc/.well-known/openid-configuration">${url}/oidc/.well-known/openid-configuration</a> — client <code>${SANDBOX_OIDC_CLIENT.clientId}</code>, secret <code>${SANDBOX_OIDC_CLIENT.clientSecret}</code></li>
<li>People: ${SANDBOX_PEOPLE.map((p) => `${escape(p.email)} (${escape(p.groups.join(", "))})`).join("; ")}</li></ul></body></html>`);
      return;
    }
    res.writeHead(404).end("Not found");
  }

  server.on("request", (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(`Sandbox IdP error: ${(error as Error).message}`);
    });
  });

  return {
    url,
    samlMetadataUrl: `${url}/saml/metadata`,
    oidcDiscoveryUrl: op.discoveryUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
