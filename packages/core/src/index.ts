export { actorForUser, systemActor, type Actor, type RequestMeta } from "./actor.ts";
export { APP_ERROR_STATUS, AppError, notFound, type AppErrorCode } from "./errors.ts";
export { AUDIT_ACTIONS, type AuditAction } from "./audit/actions.ts";
export { recordAudit, recordAuditBatch, recordAudits, type AuditEntry } from "./audit/writer.ts";
export { verifyAuditChain, type ChainVerification } from "./audit/verify.ts";
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./auth/password.ts";
export {
  SESSION_LIFETIME_MS,
  createSession,
  invalidateSession,
  sessionIdOf,
  validateSessionToken,
  type SessionUser,
  type ValidSession,
} from "./auth/sessions.ts";
export { loginWithPassword, logout, type LoginResult } from "./auth/login.ts";
export { requestPasswordReset, resetPassword, resetUrl, RESET_THROTTLE, RESET_TOKEN_LIFETIME_MS } from "./auth/password-reset.ts";
export { LOGIN_THROTTLE } from "./auth/throttle.ts";
export { purgeExpiredSessions } from "./auth/cleanup.ts";
export { authorize, decideFor, enforceIpAllowlist, loadOrgAccess, type OrgAccess } from "./access/service.ts";
export {
  MAX_ORG_DEPTH,
  createChildOrganization,
  getHierarchy,
  getOrganization,
  listMyOrganizations,
  type CreateChildInput,
  type HierarchyNode,
  type MyOrganization,
  type OrganizationSummary,
} from "./organizations/service.ts";
export { listCustomers, type CustomerRow } from "./customers/service.ts";
export { contextFor, orgResource, permissionsOf, productPermissionsOf } from "./access/service.ts";
export { randomToken, sha256Hex } from "./crypto.ts";
export { DEV_ENCRYPTION_KEY, SecretBox, secrets } from "./secrets/box.ts";
export { enqueueEmail } from "./email/outbox.ts";
export { invitationEmail, type RenderedEmail } from "./email/templates.ts";
export { roleRefOf, type RoleRef } from "./roles/ref.ts";
export { createRole, deleteRole, listRoles, resolveRole, updateRole, type RoleInput, type RoleRow } from "./roles/service.ts";
export {
  bulkUpdateMembers,
  changeMemberRole,
  listMembers,
  removeMember,
  setMemberStatus,
  transferOwnership,
  type BulkAction,
  type Changer,
  type MemberQuery,
  type MemberRow,
} from "./members/service.ts";
export {
  INVITATION_LIFETIME_MS,
  acceptInvitation,
  acceptInvitationAsNewUser,
  acceptUrl,
  declineInvitation,
  inviteMember,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
  type InvitationPreview,
  type InvitationRow,
  type Links,
} from "./invitations/service.ts";
export {
  archiveOrganization,
  moveOrganization,
  renameOrganization,
  restoreOrganization,
  setRoleInheritance,
  updateBranding,
  type Branding,
} from "./organizations/manage.ts";
export { assertQuota, planSummary, setFeatureOverride, type PlanSummary } from "./plans/service.ts";
export { listAllowlist, normalizeCidr, replaceAllowlist, type AllowlistEntry } from "./security/ip-allowlist.ts";
export { getSessionPolicy, setSessionPolicy, ZSessionPolicyInput, IDLE_TIMEOUT_MINUTES, MAX_LIFETIME_HOURS, type SessionPolicy, type TSessionPolicyInput } from "./security/session-policy.ts";
export { deleteGroup, listGroups, saveGroup } from "./groups/service.ts";
export {
  createWorkspace,
  grantWorkspaceAccess,
  listGrants,
  listWorkspaces,
  revokeGrant,
  updateWorkspace,
  workspaceForDecision,
  type WorkspaceRow,
} from "./workspaces/service.ts";
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
  type ApiKeyPrincipal,
} from "./api-keys/service.ts";
export { auditStats, auditWhere, encodeCursor, searchAudit, type AuditFilter, type AuditRow } from "./audit/search.ts";
export { CSV_COLUMNS, countAudit, exportAudit, type ExportFormat } from "./audit/export.ts";
export { auditExportEvent, exportInfo, filterFromJson, listExports, readExport, requestExport, runExport } from "./audit/exports.ts";
export { erasePersonalData, exportPersonalData, pseudonymFor } from "./privacy/service.ts";
export {
  DATA_TYPES,
  listHolds,
  listRetention,
  placeHold,
  purgeAuditEvents,
  purgeOperationalData,
  releaseHold,
  retentionDays,
  setRetention,
  type HoldInput,
} from "./audit/retention.ts";
export { auditPurgePreview, type PurgePreview } from "./audit/retention-preview.ts";
export { TOTP_PERIOD_SECONDS, currentStep, matchTotp } from "./mfa/totp.ts";
export { RECOVERY_CODE_COUNT, keyFromManualEntry, mfaStatus, startEnrollment, type EnrollmentStart, type MfaStatus } from "./mfa/factor.ts";
export { getMfaPolicy, mfaRequiredFor, setMfaPolicy, type MfaPolicy } from "./mfa/policy.ts";
export { completeLoginEnrollment, completeMfaLogin, startLoginEnrollment, type MfaLoginResult, type MfaStep } from "./mfa/login.ts";
export { confirmMyEnrollment, disableMyMfa, listMemberMfa, regenerateMyRecoveryCodes, resetMemberMfa, type MemberMfaRow } from "./mfa/service.ts";
export { DEVICE_CLIENTS, type DeviceClient } from "./device/clients.ts";
export { USER_CODE_ALPHABET, formatUserCode, normalizeUserCode } from "./device/codes.ts";
export {
  DeviceGrantError,
  authenticateDeviceToken,
  decideDeviceAuthorization,
  isDeviceToken,
  loadDeviceTokenAccess,
  lookupDeviceAuthorization,
  pollDeviceToken,
  requestDeviceAuthorization,
  type DeviceTokenPrincipal,
  type PendingDeviceAuthorization,
} from "./device/grant.ts";
export { listMySessions, revokeMemberSessions, revokeMyOtherSessions, revokeMySession, revokeUserSessions, type SessionRow } from "./sessions/service.ts";
export { assertStaffCan, loadStaff, visibleCustomer, visibleToStaff, type Staff } from "./staff/access.ts";
export * from "./support/sla.ts";
export * from "./support/tickets.ts";
export { npsOf, npsSummary, respondNps, type NpsSummary } from "./support/nps.ts";
export * from "./impersonation/service.ts";
export * from "./health/config.ts";
export { recomputeHealth, type RecomputeOptions } from "./health/recompute.ts";
export { explainBreakdown, explainComponent, type ExplainedComponent, type StoredComponent } from "./health/explain.ts";
export * from "./health/portfolio.ts";
export * from "./health/backtest.ts";
export { previewHealthConfig, type HealthConfigPreview, type PreviewRow } from "./health/preview.ts";
export * from "./renewals/service.ts";
export * from "./qbr/service.ts";
export { FIGURES, SERIES, type FigureKey } from "./qbr/figures.ts";
export { qbrIcs } from "./qbr/ics.ts";
export { qbrPdf } from "./qbr/pdf.ts";
export { revokeMemberAccess, type RevokedAccess } from "./members/revoke-access.ts";
export * from "./scim/index.ts";
export { auditEventsAfter, auditHead, stillAllowed } from "./audit/tail.ts";
export { SIGNATURE_HEADER, newSigningSecret, signPayload, verifySignature } from "./audit/signature.ts";
export {
  ALERT_PRESETS,
  checkWebhookUrl,
  createAlertRule,
  deleteAlertRule,
  listAlertFirings,
  listAlertRules,
  rotateAlertSecret,
  updateAlertRule,
  type AlertPreset,
  type AlertRuleInput,
} from "./audit/alerts.ts";
export { deliverAlertWebhooks, evaluateAlerts } from "./audit/alert-engine.ts";
export { deleteStream, deliverStreams, getStream, rotateStreamSecret, saveStream, streamRequest, type StreamInput, type StreamKind } from "./audit/streaming.ts";
export { dropExpiredPartitions, pastPartitions, type DroppedPartition } from "./audit/partition-drop.ts";
export { complianceReport, FRAMEWORKS, type ComplianceReport, type Control, type ControlStatus, type Framework } from "./audit/compliance.ts";
export * from "./billing/index.ts";
export { changePlan } from "./plans/change.ts";
export { certificateInfo, normalizeCertificate, CERT_WARNING_DAYS, type CertificateInfo } from "./sso/certificates.ts";
export { parseIdpMetadata, type IdpMetadata } from "./sso/metadata.ts";
export { PROVIDER_PRESETS, type AttributeMapping, type ProviderPreset, type SsoProtocol, type SsoProvider } from "./sso/presets.ts";
export {
  createConnection,
  deleteConnection,
  getConnection,
  getConnectionOrganization,
  listConnections,
  listRoleMappings,
  serviceProviderValues,
  setCertificates,
  setConnectionStatus,
  setRoleMappings,
  updateConnection,
  type ConnectionInput,
  type ConnectionRow,
  type RoleMappingRow,
} from "./sso/connections.ts";
export { consumeSamlResponse, samlMetadata, startSamlLogin, SAML_CLOCK_SKEW_MS, type AcsResult } from "./sso/saml.ts";
export { completeOidcLogin, startOidcLogin, type CallbackResult } from "./sso/oidc.ts";
export { SsoLoginError, mapProfile, type SsoOutcome } from "./sso/sign-in.ts";
export { listIdentities, removeIdentity, type IdentityRow } from "./sso/identities.ts";
export {
  addDomain,
  defaultResolveTxt,
  discoverRealm,
  getEnforcement,
  listDomains,
  passwordLoginGate,
  removeDomain,
  setEnforcement,
  verifyDomain,
  type DomainRow,
  type EnforcementRow,
  type RealmDiscovery,
  type ResolveTxt,
} from "./sso/domains.ts";
export { listTestResults, type TestResultRow } from "./sso/test-results.ts";
export {
  activateSpCertificate,
  generateNextSpCertificate,
  generateSpKeyPair,
  listSpCertificates,
  removeSpCertificate,
  RETIRED_GRACE_MS,
  type SpCertificateRow,
  type SpCertificateStatus,
} from "./sso/sp-certificates.ts";
export { addIdpCertificate, listIdpCertificates, removeIdpCertificate, setRequestSigning } from "./sso/idp-certificates.ts";
export { purgeSsoData, SSO_TEST_RESULT_MAX_AGE_DAYS, SSO_TEST_RESULTS_KEPT, type SsoPurgeCounts } from "./sso/cleanup.ts";
export { SEALED_COLUMNS, SEALED_VALUE, sealedColumnName, type SealedColumn } from "./secrets/sealed-columns.ts";
export { rotateSecrets, type RotationReport } from "./secrets/rotate.ts";
export { AUDIT_APPENDED_METRIC, countAuditAppends, onAuditAppended, type AuditAppendedListener } from "./audit/appended.ts";
export { sessionWithOrgAccess } from "./access/session-access.ts";
export { SessionAccessCache, SESSION_ACCESS_LIFETIME_MS, type SessionAccessCacheOptions } from "./access/session-access-cache.ts";
export { findUnstorableText, MAX_INPUT_DEPTH, storableJson, storableText, textProblemMessage, type TextProblem } from "./security/text.ts";
