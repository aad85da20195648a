/** @atrium/core/licensing — self-hosted licences: signing keys, issuing, installing, status (docs/LICENSING.md). */
export { activeLicenseKey, licenseKeyContext, licensePublicKeys, listLicenseKeys, retireLicenseKey, rotateLicenseKeys, type LicenseKeyRow, type LicenseKeyStatus } from "./keys.ts";
export { EDITION_OF, issueLicense, licenseFeatures, listLicenses, renewLicense, revokeLicense, ZLicenseTerms, type IssuedLicense, type LicenseRow, type TLicenseTerms, type TLicenseTermsInput } from "./issue.ts";
export { COMMUNITY_PLAN, installationId, installFromEnvironment, installLicense, reconcileAllInstalledLicenses, planOf, reconcileInstalledLicense, verifyHere, type LicensingOptions } from "./install.ts";
export { EXPIRY_WARNINGS, licenseStatus, type LicenseStatus } from "./status.ts";
