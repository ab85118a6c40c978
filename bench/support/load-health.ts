import type { LoadRunResult } from "./load-run";

/** Everything that went wrong on the client side of a load run, in one line ("none" when clean). */
export function healthNote(run: LoadRunResult): string {
  const errors = Object.entries(run.errorAcks).map(([code, count]) => `${code}=${count}`);
  const problems = [
    run.connectFailures ? `${run.connectFailures} connect failures (${run.firstConnectError})` : "",
    errors.length ? `error acks ${errors.join(" ")}` : "",
    run.unackedAfterDrain ? `${run.unackedAfterDrain} unacked after drain` : "",
    run.disconnects ? `${run.disconnects} disconnects` : "",
    run.skippedSends ? `${run.skippedSends} paced sends skipped (client window full)` : "",
  ].filter(Boolean);
  return problems.length ? problems.join("; ") : "none";
}
