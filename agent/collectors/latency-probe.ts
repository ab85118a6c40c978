import net from "node:net";

export type ProbeTarget = { http: string } | { tcp: string };

export type LatencyProbeOptions = {
  target: ProbeTarget;
  timeoutMs?: number;
  /** Error rate is the share of failed probes among the last `window`. */
  window?: number;
};

export type ProbeReading = { latencyMs?: number; errorRate: number };

/**
 * Measures how a local service answers: one probe per heartbeat, latency of the last success,
 * error rate over a sliding window so one blip does not read as a 100 % failure.
 */
export class LatencyProbe {
  private readonly results: boolean[] = [];
  private readonly timeoutMs: number;
  private readonly window: number;

  constructor(private readonly options: LatencyProbeOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.window = options.window ?? 20;
  }

  async probe(): Promise<ProbeReading> {
    const started = performance.now();
    const ok = await this.attempt().then(
      () => true,
      () => false,
    );
    const latencyMs = performance.now() - started;
    this.results.push(ok);
    if (this.results.length > this.window) this.results.shift();
    const failures = this.results.filter((result) => !result).length;
    const errorRate = failures / this.results.length;
    return ok ? { latencyMs, errorRate } : { errorRate };
  }

  private attempt(): Promise<void> {
    const { target } = this.options;
    return "http" in target ? this.httpGet(target.http) : this.tcpConnect(target.tcp);
  }

  private async httpGet(url: string): Promise<void> {
    const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    await response.arrayBuffer();
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  }

  private tcpConnect(hostPort: string): Promise<void> {
    const { host, port } = parseHostPort(hostPort);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setTimeout(this.timeoutMs);
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("timeout", () => {
        socket.destroy();
        reject(new Error("timeout"));
      });
      socket.once("error", (error) => {
        socket.destroy();
        reject(error);
      });
    });
  }
}

/** "host:port" or "[::1]:port". */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || port < 1 || port > 65535) throw new Error(`expected host:port, got "${value}"`);
  return { host: match[1], port };
}
