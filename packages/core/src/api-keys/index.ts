/**
 * `@atrium/core/api-keys`: an organization's API keys: issue, rotate, revoke, authenticate, and their rate limits.
 * Exports only what other packages use; everything else stays inside core.
 */
export {
  apiKeyActor,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  loadApiKeyAccess,
  revokeApiKey,
  rotateApiKey,
  setRateLimit,
  takeRateLimit,
} from "./service.ts";
