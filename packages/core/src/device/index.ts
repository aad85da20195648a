/**
 * `@atrium/core/device`: the RFC 8628 device authorization grant for command-line tools.
 * Exports only what other packages use; everything else stays inside core.
 */
export {
  authenticateDeviceToken,
  decideDeviceAuthorization,
  DeviceGrantError,
  isDeviceToken,
  loadDeviceTokenAccess,
  lookupDeviceAuthorization,
  pollDeviceToken,
  requestDeviceAuthorization,
} from "./grant.ts";
export { formatUserCode, normalizeUserCode } from "./codes.ts";
