"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { Panel } from "@/components/ui/Panel";
import { describeOverride } from "@/components/recovery/recovery-policy";
import { modeTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import { PolicyOverrideDialog } from "./PolicyOverrideDialog";
import type { PolicyDocument } from "./recovery-types";
import { SubjectLink } from "./SubjectLink";

type PolicyOverridesPanelProps = {
  policies: PolicyDocument;
  groupIds: readonly string[];
  canOperate: boolean;
  onSaved: () => void;
};

/** Groups that differ from the fleet default, and how. */
export function PolicyOverridesPanel({ policies, groupIds, canOperate, onSaved }: PolicyOverridesPanelProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const rows = Object.entries(policies.groups).sort(([a], [b]) => a.localeCompare(b));
  const cell = "px-3 py-2";
  return (
    <Panel
      title="Policy overrides"
      actions={
        canOperate ? (
          <Button size="sm" onClick={() => setEditing("")} data-testid="recovery-policy-add">
            Add override
          </Button>
        ) : null
      }
      bodyClassName="p-0"
    >
      {rows.length === 0 ? (
        <EmptyState title="Every group follows the default" className="h-20" />
      ) : (
        <table className="w-full text-sm" data-testid="recovery-policy-overrides">
          <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
            <tr className="border-b border-zinc-800">
              <th className={`${cell} pl-4 font-medium`}>Group</th>
              <th className={`${cell} font-medium`}>Mode</th>
              <th className={`${cell} font-medium`}>Other settings</th>
              <th className={`${cell} pr-4`}>
                <span className="sr-only">Edit</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-800/70">
            {rows.map(([groupId, override]) => {
              const mode = override.mode ?? policies.default.mode;
              const others = describeOverride(override);
              return (
                <tr key={groupId} data-override-group={groupId}>
                  <td className={`${cell} pl-4 whitespace-nowrap`}>
                    <SubjectLink id={groupId} kind="group" />
                  </td>
                  <td className={`${cell} whitespace-nowrap`}>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${override.mode ? TONE_STYLES[modeTone(mode)].badge : "text-zinc-500"}`}>
                      {override.mode ?? `default (${mode})`}
                    </span>
                  </td>
                  <td className={`${cell} font-mono text-xs text-zinc-400`}>{others.length ? others.join(", ") : "—"}</td>
                  <td className={`${cell} pr-4 text-right`}>
                    {canOperate && (
                      <Button size="sm" variant="ghost" onClick={() => setEditing(groupId)}>
                        Edit
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <PolicyOverrideDialog groupId={editing} policies={policies} groupIds={groupIds} onSaved={onSaved} onClose={() => setEditing(null)} />
    </Panel>
  );
}
