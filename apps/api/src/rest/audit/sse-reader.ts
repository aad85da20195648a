/** Reads a Server-Sent Events response in tests: waits for events, not for time. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  closed = false;
  #waiters: (() => void)[] = [];

  constructor(readonly response: Response) {
    void this.#read();
  }

  async #read() {
    const reader = this.response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: "message", data: "" };
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) this.comments.push(line.slice(1).trim());
            else if (line.startsWith("id: ")) event.id = line.slice(4);
            else if (line.startsWith("event: ")) event.event = line.slice(7);
            else if (line.startsWith("data: ")) event.data += line.slice(6);
          }
          if (event.data || event.id) this.events.push(event);
        }
        this.#notify();
      }
    } catch {
      // aborted by the test
    }
    this.closed = true;
    this.#notify();
  }

  #notify() {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Resolves when `check` holds (re-evaluated on every chunk); rejects if the stream ends first. */
  async until<T>(check: (reader: SseReader) => T | undefined | false): Promise<T> {
    for (;;) {
      const result = check(this);
      if (result) return result;
      if (this.closed) throw new Error(`stream ended; events: ${this.events.map((e) => e.event).join(", ")}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  audit(): { seq: number; action: string; status: string }[] {
    return this.events.filter((e) => e.event === "audit").map((e) => JSON.parse(e.data) as { seq: number; action: string; status: string });
  }
}
