export { BOSS_SCHEMA, QUEUES, queueSpec, ZScimSyncJob, type Queue, type QueueKey, type QueueName, type QueueOptions, type QueueSpec, type TPayload, type TPayloadIn, type TScimSyncJob } from "./catalogue.ts";
export { createJobSender, createQueue, InvalidJobPayload, jobSender, parsePayload, type JobSender, type SendOptions } from "./send.ts";
