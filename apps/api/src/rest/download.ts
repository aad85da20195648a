/**
 * A file the browser saves (or shows, `inline`): its type and name, and never
 * cached, since every download is authorized and audited on its own.
 */
import type { FastifyReply } from "fastify";

export function sendFile(reply: FastifyReply, file: { type: string; name: string; inline?: boolean }, body: unknown): FastifyReply {
  return reply
    .header("content-type", file.type)
    .header("content-disposition", `${file.inline ? "inline" : "attachment"}; filename="${file.name}"`)
    .header("cache-control", "no-store")
    .send(body);
}
