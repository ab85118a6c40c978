/** The agent prints a few lines (connects, errors), never one per heartbeat. */
export type AgentLogger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

export function createConsoleLogger(prefix = "vigil-agent"): AgentLogger {
  const stamp = () => new Date().toISOString();
  return {
    info: (message) => console.log(`${stamp()} ${prefix} ${message}`),
    warn: (message) => console.warn(`${stamp()} ${prefix} WARN ${message}`),
    error: (message) => console.error(`${stamp()} ${prefix} ERROR ${message}`),
  };
}

export const silentLogger: AgentLogger = { info: () => {}, warn: () => {}, error: () => {} };
