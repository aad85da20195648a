/**
 * Paths that carry a secret in a segment: links people open from an e-mail or
 * a device screen, served by the SPA fallback and so logged like any request.
 * The request log keeps the route's shape and drops the secret.
 */
const SECRET_PATH_SEGMENTS: readonly RegExp[] = [
  /^(\/admin\/invitations\/)[^/?]+/, // invitation token (acceptUrl in core/invitations)
  /^(\/admin\/device\/)[^/?]+/, // RFC 8628 user code
];

/** `path` with each secret segment replaced by `[redacted]`. */
export function redactSecretPath(path: string): string {
  for (const pattern of SECRET_PATH_SEGMENTS) {
    if (pattern.test(path)) return path.replace(pattern, "$1[redacted]");
  }
  return path;
}
