/**
 * `@atrium/core/billing`: plans and prices, Stripe accounts, subscriptions and webhook events, enterprise contracts, invoices, usage metering.
 * Exports only what other packages use; everything else stays inside core.
 */
export { processPendingStripeEvents, processStripeEvent, type StripeEventContext } from "./stripe-events.ts";
export {
  createStripeClient,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  type PriceIds,
  priceIdsOf,
  signWebhookPayload,
  type StripeBilling,
  ZStripeEnv,
} from "./config.ts";
export { detectOverdue, invoiceContract, invoiceDetail, listAllInvoices, listOrgInvoices, runInvoicing, settleInvoice } from "./invoices.ts";
export { receiveStripeWebhook, STRIPE_EVENTS_CHANNEL } from "./webhook.ts";
export { renderInvoicePdf } from "./pdf.ts";
export { billingSettings, updateBillingSettings } from "./accounts.ts";
export { consolidatedBilling } from "./consolidated.ts";
export { currentSubscription, openCustomerPortal, requestCancellation, requestPlanChange, startCheckout, subscriptionPaymentIssue } from "./subscriptions.ts";
export { meteredQuotas, recordDailySeats, recordUsage, usageSeries } from "./usage.ts";
export { NO_OPERATION, OPERATION_PATTERN, ZUsageDimensions, type TUsageDimensions } from "./usage-dimensions.ts";
export {
  assignableStaff,
  contractHistory,
  createContract,
  getContract,
  listContracts,
  setContractStatus,
  type StaffActor,
  tenantContract,
  updateContract,
  ZContractTerms,
} from "./contracts.ts";
export { USAGE_METRICS } from "./pricing.ts";
