import { auditPartitions } from "./jobs/audit-partitions.ts";
import { sessionCleanup } from "./jobs/session-cleanup.ts";
import type { QueueDefinition } from "./jobs/types.ts";

/** Every queue the worker serves. Each gets a dead-letter queue named `<name>-dead`. */
export const QUEUES: readonly QueueDefinition[] = [sessionCleanup, auditPartitions];
