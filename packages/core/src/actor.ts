/**
 * Who is doing something, and from where. Every service receives an actor;
 * the audit writer turns it into the actor columns of an event.
 */
export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

export type Actor =
  | ({ type: "user"; userId: string; email: string; mfa?: boolean } & RequestMeta)
  | ({ type: "staff"; userId: string; email: string; impersonatorId?: string; mfa?: boolean } & RequestMeta)
  | ({ type: "api_key"; keyId: string; label: string } & RequestMeta)
  /** A vendor application calling /v1 (or the OpenID Provider) with one of its secret keys. */
  | ({ type: "application"; applicationId: string; name: string; keyId: string; keyPrefix: string } & RequestMeta)
  | ({ type: "system"; job: string } & RequestMeta)
  | ({ type: "scim"; tokenId: string; prefix: string } & RequestMeta)
  | ({ type: "anonymous"; label?: string } & RequestMeta);

export const systemActor = (job: string): Actor => ({ type: "system", job });

/**
 * The actor for a signed-in person: platform staff act as "staff", everyone else as "user".
 * `mfa`: the session (or device token) passed a second factor — the ABAC `mfa` condition reads it.
 */
export function actorForUser(
  user: { id: string; email: string; platformRole: string | null },
  meta: RequestMeta,
  mfa = false,
): Actor {
  return user.platformRole
    ? { type: "staff", userId: user.id, email: user.email, mfa, ...meta }
    : { type: "user", userId: user.id, email: user.email, mfa, ...meta };
}
