import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { RingAgentBehind } from "./ring-types";

/** Names this many and counts the rest: a rollout to 5,000 agents must not print 5,000 links. */
const NAMED_AGENTS = 12;

/** Agents still routing by an older placement: keys may go to the wrong group until they catch up. */
export function AgentsBehindNotice({ agents, epoch }: { agents: readonly RingAgentBehind[]; epoch: number }) {
  if (agents.length === 0) return null;
  const named = agents.slice(0, NAMED_AGENTS);
  return (
    <div role="status" className="flex items-start gap-3 rounded-lg border border-amber-500/50 bg-amber-500/10 px-4 py-3 text-sm text-amber-100" data-testid="ring-agents-behind" data-count={agents.length}>
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-400" aria-hidden />
      <div className="min-w-0 space-y-1">
        <p className="font-medium">
          {agents.length} {agents.length === 1 ? "agent is" : "agents are"} behind epoch {epoch}
        </p>
        <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-amber-200/80">
          {named.map((agent) => (
            <span key={agent.nodeId}>
              <Link prefetch={false} href={`/nodes/${encodeURIComponent(agent.nodeId)}`} className="font-mono hover:underline">
                {agent.nodeId}
              </Link>{" "}
              <span className="text-amber-200/60">at {agent.epoch === null ? "none" : `epoch ${agent.epoch}`}</span>
            </span>
          ))}
          {agents.length > named.length && <span>and {agents.length - named.length} more</span>}
        </p>
      </div>
    </div>
  );
}
