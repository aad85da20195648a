/**
 * An access token issued by Atrium's OpenID Provider, as the principal of a
 * /v1/authorize check. The token is looked up by the provider itself
 * (`AccessToken.find`: stored, not revoked, not expired) and its grant is
 * checked as introspection checks it (present, unexpired, same client and
 * account). Only tokens issued to the calling application count: an
 * application must not learn what another application's tokens allow.
 *
 * The token's person is its `sub` (accountId); when the grant was given for
 * an organization, the token speaks only for that organization.
 *
 * `readAhead`: the token as /v1/authorize's one statement already read it
 * (admitSecretKey), with its grant and the grant's organization. The provider
 * then finds the token and its grant in what was read (prefetch.ts, for this
 * call only) and runs the same checks: no further statement.
 */
import type { DbOrTx } from "@atrium/db";
import type Provider from "oidc-provider";
import type { TokenPrincipal } from "../applications/decisions.ts";
import { grantOrganization } from "./grant-organization.ts";
import { withOidcPrefetch } from "./prefetch.ts";
import { keepAccessToken, type AccessTokenReadAhead } from "./token-read-ahead.ts";

export type AccessTokenPrincipal = TokenPrincipal;

export async function accessTokenPrincipal(
  provider: Provider,
  db: DbOrTx,
  token: string,
  clientId: string,
  readAhead?: AccessTokenReadAhead | null,
): Promise<AccessTokenPrincipal> {
  if (readAhead === undefined) return principalOf(provider, db, token, clientId);
  return withOidcPrefetch(() => {
    keepAccessToken(token, readAhead);
    return principalOf(provider, db, token, clientId);
  });
}

async function principalOf(provider: Provider, db: DbOrTx, token: string, clientId: string): Promise<AccessTokenPrincipal> {
  const found = await provider.AccessToken.find(token);
  if (!found?.isValid || !found.accountId) return { active: false, reason: "token_inactive" };
  if (found.clientId !== clientId) return { active: false, reason: "token_not_for_application" };
  if (found.grantId) {
    const grant = await provider.Grant.find(found.grantId, { ignoreExpiration: true });
    if (!grant || grant.isExpired || grant.clientId !== found.clientId || grant.accountId !== found.accountId) return { active: false, reason: "token_inactive" };
  }
  const organization = found.grantId ? await grantOrganization(db, found.grantId) : null;
  return { active: true, userId: found.accountId, organizationId: organization?.id ?? null };
}
