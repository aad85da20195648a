/**
 * A scenario measures one API call through the real stack (tRPC) against a
 * bare Fastify route that reads the same data with one `pg` query: the floor
 * for that data on this machine.
 */
import type { DemoData } from "@atrium/core/seed";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import type { LoadTarget } from "./measure.ts";

export interface ServerUrls {
  /** The Atrium API (buildServer), tRPC at /trpc. */
  trpc: string;
  /** A bare Fastify server holding each scenario's baseline route. */
  bare: string;
}

export interface ScenarioTargets {
  bare: LoadTarget;
  trpc: LoadTarget;
}

export interface Scenario {
  name: string;
  /** How the table names the Atrium target ("trpc" unless said; the `trpc` server is the whole API). */
  label?: string;
  /** What the two targets do, one line. */
  summary: string;
  /** Adds the baseline route to the bare server; runs in the server process before it listens. */
  registerBareRoute(app: FastifyInstance, pool: pg.Pool): void;
  /** Signs in, checks that both targets answer the same data, and returns what to load. */
  prepare(servers: ServerUrls, demo: DemoData): Promise<ScenarioTargets>;
}
