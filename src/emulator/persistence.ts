// Optional state file: loaded at start, rewritten after changes. Writes are coalesced (a burst of changes costs
// one write) and atomic (temporary file in the same directory, fsync, rename, fsync of the directory), so a
// crash leaves either the old or the new state, never a torn file.

import { promises as fsp, constants as fsConstants } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

export const STATE_FILE_FORMAT = "privatelink-emulator-state";
export const STATE_FILE_VERSION = 1;

export interface PersistedState {
  readonly format: typeof STATE_FILE_FORMAT;
  readonly version: number;
  readonly savedAt: string;
  readonly world: unknown;
  readonly idempotency: unknown;
  readonly sts: unknown;
}

export interface StatePersistenceOptions {
  readonly file: string;
  /** Builds the document to write (called at write time, so it always reflects the latest state). */
  readonly collect: () => Omit<PersistedState, "format" | "version" | "savedAt">;
  /** Quiet period before a write; changes inside it are coalesced. Default 25 ms. */
  readonly debounceMs?: number;
  readonly onError?: (err: Error) => void;
}

/** Reads a state file; undefined when it does not exist. Throws a readable Error when it is not ours or is corrupt. */
export async function loadStateFile(file: string): Promise<PersistedState | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read state file ${file}: ${(e as Error).message}`);
  }
  if (text.trim() === "") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`state file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as Partial<PersistedState>;
  if (!d || typeof d !== "object" || d.format !== STATE_FILE_FORMAT) {
    throw new Error(`${file} is not a PrivateLink emulator state file (format field missing or different)`);
  }
  if (d.version !== STATE_FILE_VERSION) {
    throw new Error(`state file ${file} has version ${String(d.version)}; this emulator reads version ${STATE_FILE_VERSION}`);
  }
  return d as PersistedState;
}

/** Writes `data` to `file` atomically. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fsp.open(tmp, fsConstants.O_CREAT | fsConstants.O_WRONLY | fsConstants.O_TRUNC, 0o600);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  // Make the rename itself durable; not every platform lets a directory be opened, so this is best effort.
  try {
    const dh = await fsp.open(dir, fsConstants.O_RDONLY);
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    /* best effort */
  }
}

export class StatePersistence {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Number of completed writes (tests use it to show that bursts coalesce). */
  writes = 0;

  constructor(private readonly options: StatePersistenceOptions) {}

  get file(): string {
    return this.options.file;
  }

  /** Marks the state changed; a write follows after the quiet period. */
  schedule(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow().catch((e: Error) => this.reportError(e));
    }, this.options.debounceMs ?? 25);
    this.timer.unref?.();
  }

  /** Writes now if anything changed since the last write, and waits for any write in flight. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.writeNow();
  }

  /** Flushes and stops scheduling further writes. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async writeNow(): Promise<void> {
    // Writes never overlap: wait for the one in flight, then write again if more changes arrived meanwhile.
    while (this.writing) await this.writing.catch(() => undefined);
    if (!this.dirty) return;
    this.dirty = false;
    const doc: PersistedState = {
      format: STATE_FILE_FORMAT,
      version: STATE_FILE_VERSION,
      savedAt: new Date().toISOString(),
      ...this.options.collect(),
    };
    const text = JSON.stringify(doc, null, 1) + "\n";
    this.writing = writeFileAtomic(this.options.file, text).then(
      () => {
        this.writes++;
      },
      (e: Error) => {
        this.dirty = true;
        throw e;
      },
    );
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  private reportError(e: Error): void {
    if (this.options.onError) this.options.onError(e);
    else process.stderr.write(`privatelink-emulator: cannot write state file ${this.options.file}: ${e.message}\n`);
  }
}
