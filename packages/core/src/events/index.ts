/** @atrium/core/events: the events Atrium emits to the vendor's applications, the feed that lists them, and their webhooks. */
export { EVENT_TYPE_NAMES, EVENT_TYPES, type EventData, type EventType } from "./catalogue.ts";
export { emitEvent, emitEvents, WEBHOOK_DELIVERIES_CHANNEL } from "./emit.ts";
export { decodeEventCursor, encodeEventCursor, listEvents, type EventPage, type EventView } from "./feed.ts";
export { newEventId } from "./ids.ts";
export {
  createEndpoint,
  listEndpoints,
  newWebhookSecret,
  revealEndpointSecret,
  rotateEndpointSecret,
  signingSecrets,
  updateEndpoint,
  type EndpointInput,
} from "./endpoints.ts";
export {
  DELIVERY_TIMEOUT_MS,
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  deliverDueWebhooks,
  eventPayload,
  listDeliveries,
  nextDeliveryDue,
  replayDelivery,
  signedHeaders,
} from "./delivery.ts";
