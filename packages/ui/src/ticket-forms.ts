import "./zod-config.ts";
import { z } from "zod";

/**
 * The support forms' own checks, in the same sentences as the server's (apps/api
 * support-schemas), which checks again: a message (a reply or an internal note) in either
 * console, and a new ticket in the admin console.
 */
export const ZTicketMessageForm = z.object({
  body: z.string().trim().min(1, "Write a message.").max(10000, "A message can be at most 10,000 characters; split it in two."),
});

export const ZNewTicketForm = z.object({
  subject: z.string().trim().min(1, "Give the ticket a subject.").max(200, "A subject can be at most 200 characters; put the details in the description."),
  description: z.string().max(10000, "A description can be at most 10,000 characters."),
  priority: z.enum(["low", "normal", "high", "urgent"]),
});
