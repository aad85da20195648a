import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The session cookie: httpOnly, SameSite=Lax, path /, Secure (and the
 * __Host- prefix) when Atrium is served over HTTPS.
 */
export interface SessionCookies {
  name: string;
  read(req: FastifyRequest): string | undefined;
  set(reply: FastifyReply, token: string, expiresAt: Date): void;
  clear(reply: FastifyReply): void;
}

export function sessionCookies(publicUrl: string): SessionCookies {
  const secure = publicUrl.startsWith("https://");
  const name = secure ? "__Host-atrium_session" : "atrium_session";
  const base = { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
  return {
    name,
    read: (req) => req.cookies[name],
    set: (reply, token, expiresAt) => void reply.setCookie(name, token, { ...base, expires: expiresAt }),
    clear: (reply) => void reply.setCookie(name, "", { ...base, maxAge: 0 }),
  };
}
