import { Badge, Tooltip } from "@mantine/core";

/**
 * A warning on a SAML connection that accepts SHA-1 signatures (RSA-SHA1, SHA-1 digests): an
 * explicit opt-in for an IdP that cannot sign with SHA-256, shown wherever the connection is.
 */
export function Sha1Badge({ connection }: { connection: { protocol: "saml" | "oidc"; allowSha1Signatures: boolean } }) {
  if (connection.protocol !== "saml" || !connection.allowSha1Signatures) return null;
  return (
    <Tooltip label="This connection accepts SHA-1 signatures from its IdP, which are refused by default: SHA-1 collisions are practical. Set the IdP to SHA-256 and turn this off.">
      <Badge variant="filled" color="orange" style={{ textTransform: "none" }}>Accepts SHA-1 signatures</Badge>
    </Tooltip>
  );
}
