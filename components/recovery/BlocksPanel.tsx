"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { Panel } from "@/components/ui/Panel";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { humanizeBlockKind } from "@/components/recovery/recovery-states";
import { CandidateRanking } from "./CandidateRanking";
import type { RecoveryBlock } from "./recovery-types";
import { SubjectLink } from "./SubjectLink";

type BlocksPanelProps = {
  blocks: readonly RecoveryBlock[];
  canOperate: boolean;
  now: number;
  onChanged: () => void;
};

/** Waits are expected ("confirming"); everything else is Vigil holding back on purpose. */
const WAIT_KINDS = new Set(["confirming", "plan-in-progress"]);

/** What Vigil would do but is not doing, and why; some can be lifted by acknowledging. */
export function BlocksPanel({ blocks, canOperate, now, onChanged }: BlocksPanelProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ id: string; message: string } | null>(null);
  const acknowledge = async (block: RecoveryBlock) => {
    setBusy(block.id);
    setFailure(null);
    try {
      await apiFetch("/api/v1/recovery/acknowledge", { method: "POST", body: { blockId: block.id } });
      onChanged();
    } catch (error) {
      setFailure({ id: block.id, message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const sorted = [...blocks].sort((a, b) => Number(b.acknowledgeable) - Number(a.acknowledgeable) || Number(WAIT_KINDS.has(a.kind)) - Number(WAIT_KINDS.has(b.kind)));

  return (
    <Panel title="Blocks" actions={<span className={blocks.length ? "text-amber-300 tabular" : ""}>{blocks.length ? `${blocks.length} held back` : "none"}</span>} bodyClassName="p-0">
      {sorted.length === 0 ? (
        <EmptyState title="Nothing held back" className="h-20">
          Vigil is not waiting on anything it would otherwise do.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-800/70" data-testid="recovery-blocks">
          {sorted.map((block) => {
            const waiting = WAIT_KINDS.has(block.kind);
            return (
              <li key={block.id} className={`space-y-2 border-l-4 px-4 py-3 ${waiting ? "border-l-zinc-600" : "border-l-amber-500"}`} data-block-id={block.id} data-block-kind={block.kind}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${waiting ? "bg-zinc-800 text-zinc-300" : "bg-amber-500/15 text-amber-300 ring-1 ring-amber-500/40 ring-inset"}`}>
                    {humanizeBlockKind(block.kind)}
                  </span>
                  {block.groupId && <SubjectLink id={block.groupId} kind="group" />}
                  {block.nodeId && block.nodeId !== block.groupId && <SubjectLink id={block.nodeId} kind="node" />}
                  {block.actionKind && <span className="text-xs text-zinc-400">holds back {block.actionKind}</span>}
                  {block.until !== null && (
                    <span className="text-xs text-zinc-400 tabular">
                      <RelativeTime ts={block.until} now={now} prefix="until" />
                    </span>
                  )}
                  {canOperate && block.acknowledgeable && (
                    <Button size="sm" className="ml-auto" disabled={busy === block.id} onClick={() => void acknowledge(block)} data-testid="recovery-block-ack">
                      {busy === block.id ? "Acknowledging…" : "Acknowledge"}
                    </Button>
                  )}
                </div>
                <p className="text-sm text-zinc-300">{block.reason}</p>
                {failure?.id === block.id && <p className="text-xs text-red-300">{failure.message}</p>}
                {block.candidates && block.candidates.length > 0 && <CandidateRanking candidates={block.candidates} title="Candidates" />}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
