/**
 * @atrium/sdk — the product's side of Atrium: typed /v1 calls, a cached and
 * batched `authorize`, and webhook verification. See README.md.
 */
export { createAtrium, type Atrium, type AtriumOptions, type Entitlements, type Member, type MembersPage, type Organization } from "./client.js";
export { Authorizer, MAX_CHECKS_PER_CALL, type Check, type Decision, type DecisionCacheOptions } from "./authorizer.js";
export { AtriumError, WebhookVerificationError, type AtriumErrorDetail } from "./errors.js";
export { ATRIUM_EVENT_TYPES, isAtriumEvent, type AtriumEvent, type AtriumEventType } from "./events.js";
export type { RetryOptions } from "./transport.js";
export { verifyWebhook, type WebhookHeaders } from "./webhooks.js";
export type { components, operations, paths } from "./generated/v1.js";
export {
  CLOCK_TOLERANCE_SECONDS,
  verifyLicense,
  type LicenseInfo,
  type LicenseInvalidReason,
  type LicensePublicKey,
  type LicenseState,
  type LicenseVerification,
  type VerifyLicenseOptions,
} from "@atrium/license";
