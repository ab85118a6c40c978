/** Sent in hello so the server can tell agent builds apart. */
export const AGENT_VERSION = "0.1.0";
