/** Starts the server process (servers/server-process.ts under tsx) and waits until both servers listen. */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ServerUrls } from "../scenario.ts";
import type { ServersReady, ToServers } from "./messages.ts";

export interface RunningServers extends ServerUrls {
  /** The server process, for sampling its memory. */
  pid: number;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("./server-process.ts", import.meta.url));
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcessOptions {
  /** Run the server process under `node --cpu-prof`, writing its profile into this directory when it stops. */
  cpuProfileDir?: string | undefined;
}

export async function startServers(databaseUrl: string, poolSize: number, options: ServerProcessOptions = {}): Promise<RunningServers> {
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = fork(ENTRY, [], { execArgv: [...profile, "--import", import.meta.resolve("tsx")], stdio: "inherit" });
  const exited = once(child, "exit");
  const tell = (message: ToServers) => child.send(message);
  try {
    const ready = readyMessage(child);
    tell({ type: "start", databaseUrl, poolSize });
    const urls = await ready;
    return {
      trpc: urls.trpc,
      bare: urls.bare,
      pid: child.pid!,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        tell({ type: "stop" });
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

function readyMessage(child: ChildProcess): Promise<ServersReady> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the server process exited (code ${code}) before it was ready`));
    child.once("exit", onExit);
    child.once("message", (message: ServersReady) => {
      child.off("exit", onExit);
      resolve(message);
    });
  });
}
