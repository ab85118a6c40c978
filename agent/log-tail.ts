import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { LIMITS } from "../lib/protocol/agent";
import type { NewLogEntry } from "./client";
import { parseLogLine } from "./log-line";

export type LogTailOptions = {
  path: string;
  onEntries: (entries: NewLogEntry[]) => void;
  /** Read what the file already holds instead of starting at its end. */
  fromStart?: boolean;
  pollIntervalMs?: number;
  onError?: (error: Error) => void;
};

const READ_CHUNK = 256 * 1024;

/**
 * Follows one log file by polling (fs.watch misses events on many filesystems and after
 * rotation). Rotation by rename shows as a new inode: the old file is read to its end first,
 * then the new one from its start. copytruncate shows as a shrinking size: restart at 0.
 */
export class LogTailer {
  private fd: number | undefined;
  private inode: number | undefined;
  private position = 0;
  private partial = "";
  /** A line longer than the limit is cut; the rest of it up to the newline is skipped. */
  private skippingOverlong = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly buffer = Buffer.alloc(READ_CHUNK);
  private lastError = "";
  /** Keeps a multi-byte character split across two reads intact. */
  private decoder = new StringDecoder("utf8");

  constructor(private readonly options: LogTailOptions) {}

  start(): void {
    if (this.timer) return;
    this.open(!this.options.fromStart);
    this.timer = setInterval(() => this.poll(), this.options.pollIntervalMs ?? 250);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.closeFile();
  }

  /** One polling step; public so tests can drive it without waiting. */
  poll(): void {
    try {
      this.pollOnce();
      this.lastError = "";
    } catch (error) {
      this.report(error);
    }
  }

  private pollOnce(): void {
    if (this.fd === undefined) {
      // The file did not exist yet (or vanished): a file appearing later is read from its start.
      this.open(false);
      if (this.fd === undefined) return;
    }
    this.readAvailable();
    const onDisk = statOrUndefined(this.options.path);
    if (!onDisk) return;
    if (onDisk.ino !== this.inode) {
      // Renamed away and recreated: what we just read finished the old file.
      this.flushPartial();
      this.closeFile();
      this.open(false);
      this.readAvailable();
      return;
    }
    if (onDisk.size < this.position) {
      // Truncated in place (copytruncate): the data we had is already rotated away.
      this.flushPartial();
      this.position = 0;
      this.decoder = new StringDecoder("utf8");
      this.readAvailable();
    }
  }

  private open(atEnd: boolean): void {
    try {
      const fd = fs.openSync(this.options.path, "r");
      const stats = fs.fstatSync(fd);
      this.fd = fd;
      this.inode = stats.ino;
      this.position = atEnd ? stats.size : 0;
      this.partial = "";
      this.skippingOverlong = false;
      this.decoder = new StringDecoder("utf8");
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
  }

  private closeFile(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private readAvailable(): void {
    if (this.fd === undefined) return;
    const lines: string[] = [];
    for (;;) {
      const bytes = fs.readSync(this.fd, this.buffer, 0, READ_CHUNK, this.position);
      if (bytes <= 0) break;
      this.position += bytes;
      this.split(this.decoder.write(this.buffer.subarray(0, bytes)), lines);
      if (bytes < READ_CHUNK) break;
    }
    this.emit(lines);
  }

  private split(chunk: string, lines: string[]): void {
    let start = 0;
    for (let newline = chunk.indexOf("\n", start); newline >= 0; newline = chunk.indexOf("\n", start)) {
      this.appendPartial(chunk.slice(start, newline));
      lines.push(this.partial);
      this.partial = "";
      this.skippingOverlong = false;
      start = newline + 1;
    }
    this.appendPartial(chunk.slice(start));
  }

  private appendPartial(text: string): void {
    if (this.skippingOverlong) return;
    this.partial += text;
    if (this.partial.length <= LIMITS.logMessageChars) return;
    this.partial = this.partial.slice(0, LIMITS.logMessageChars);
    this.skippingOverlong = true;
  }

  /** A last line without a newline is complete once its file is rotated away. */
  private flushPartial(): void {
    if (this.partial.length === 0) return;
    const line = this.partial;
    this.partial = "";
    this.skippingOverlong = false;
    this.emit([line]);
  }

  private emit(lines: string[]): void {
    const entries: NewLogEntry[] = [];
    const ts = Date.now();
    for (const raw of lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      const parsed = parseLogLine(line);
      entries.push({ ts, level: parsed.level, message: parsed.message, fields: { file: this.options.path, ...parsed.fields } });
    }
    if (entries.length > 0) this.options.onEntries(entries);
  }

  private report(error: unknown): void {
    const normalized = error instanceof Error ? error : new Error(String(error));
    // One report per distinct problem, not one every 250 ms.
    if (normalized.message === this.lastError) return;
    this.lastError = normalized.message;
    this.options.onError?.(normalized);
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
