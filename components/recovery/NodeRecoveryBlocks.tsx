import Link from "next/link";
import { Panel } from "@/components/ui/Panel";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { freezeKindLabel, humanizeBlockKind } from "./recovery-states";
import type { NodeRecoveryHolds } from "./node-recovery";

/** Waits are expected ("confirming"); everything else is Vigil holding back on purpose. */
const WAIT_KINDS = new Set(["confirming", "plan-in-progress"]);

/** Why Vigil is not acting on this node right now: its blocks, fleet-wide freezes, the mode. */
export function NodeRecoveryBlocks({ holds, loaded, error }: { holds: NodeRecoveryHolds; loaded: boolean; error: string | null }) {
  const { blocks, freezes, modeNote } = holds;
  const count = blocks.length + freezes.length;
  return (
    <Panel
      title="Recovery holds"
      actions={
        <Link prefetch={false} href="/recovery" className="text-sky-300 hover:underline">
          Recovery page
        </Link>
      }
      bodyClassName="p-0"
    >
      <div data-testid="node-recovery-blocks" data-count={count}>
        {error && <p className="px-4 py-3 text-sm text-amber-300">Could not load recovery status: {error}</p>}
        {modeNote && <p className="border-b border-zinc-800 px-4 py-2 text-sm text-zinc-300">{modeNote}</p>}
        {loaded && count === 0 && <p className="px-4 py-3 text-sm text-zinc-400">Nothing holds Vigil back from acting on this node.</p>}
        {!loaded && !error && <p className="px-4 py-3 text-sm text-zinc-400">Loading…</p>}
        <ul className="divide-y divide-zinc-800/70">
          {freezes.map((freeze) => (
            <li key={freeze.id} className="border-l-4 border-l-amber-500 px-4 py-2.5 text-sm" data-freeze-kind={freeze.kind}>
              <p className="font-medium text-amber-300">
                {freezeKindLabel(freeze.kind)} freeze · {freeze.scope === "all" ? "all actions" : "destructive actions"}{" "}
                <RelativeTime ts={freeze.since} prefix="since" className="text-xs font-normal text-zinc-400" />
              </p>
              <p className="text-zinc-300">{freeze.reason}</p>
            </li>
          ))}
          {blocks.map((block) => {
            const waiting = WAIT_KINDS.has(block.kind);
            return (
              <li key={block.id} className={`border-l-4 px-4 py-2.5 text-sm ${waiting ? "border-l-zinc-600" : "border-l-amber-500"}`} data-block-kind={block.kind}>
                <p className={`font-medium ${waiting ? "text-zinc-300" : "text-amber-300"}`}>
                  {humanizeBlockKind(block.kind)}
                  {block.actionKind && <span className="font-normal text-zinc-400"> · holds back {block.actionKind}</span>}
                  {block.until !== null && <RelativeTime ts={block.until} prefix=" · until" className="text-xs font-normal text-zinc-400" />}
                  {block.acknowledgeable && <span className="font-normal text-zinc-400"> · an operator can acknowledge it on the Recovery page</span>}
                </p>
                <p className="text-zinc-300">{block.reason}</p>
              </li>
            );
          })}
        </ul>
      </div>
    </Panel>
  );
}
