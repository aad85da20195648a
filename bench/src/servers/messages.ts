/** Messages between the benchmark and its server process. */
export interface StartServers {
  type: "start";
  databaseUrl: string;
  /** Connections in the Prisma pool and in the bare server's pg.Pool alike. */
  poolSize: number;
}

/** Close both servers and their pools, then exit. */
export interface StopServers {
  type: "stop";
}

export interface ServersReady {
  type: "ready";
  trpc: string;
  bare: string;
}

export type ToServers = StartServers | StopServers;
