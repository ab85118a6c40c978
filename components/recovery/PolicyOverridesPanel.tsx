"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { DataTable } from "@/components/ui/DataTable";
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
        <DataTable
          testId="recovery-policy-overrides"
          density="normal"
          verticalAlign="middle"
          columns={[
            { key: "group", header: "Group", className: "whitespace-nowrap", cell: ([groupId]) => <SubjectLink id={groupId} kind="group" /> },
            {
              key: "mode",
              header: "Mode",
              className: "whitespace-nowrap",
              cell: ([, override]) => {
                const mode = override.mode ?? policies.default.mode;
                return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${override.mode ? TONE_STYLES[modeTone(mode)].badge : "text-zinc-400"}`}>{override.mode ?? `default (${mode})`}</span>;
              },
            },
            {
              key: "others",
              header: "Other settings",
              className: "font-mono text-xs text-zinc-400",
              cell: ([, override]) => {
                const others = describeOverride(override);
                return others.length ? others.join(", ") : "—";
              },
            },
            {
              key: "edit",
              header: null,
              srHeader: "Edit",
              align: "right",
              cell: ([groupId]) =>
                canOperate && (
                  <Button size="sm" variant="ghost" onClick={() => setEditing(groupId)}>
                    Edit
                  </Button>
                ),
            },
          ]}
          rows={rows}
          rowKey={([groupId]) => groupId}
          rowProps={([groupId]) => ({ "data-override-group": groupId })}
        />
      )}
      <PolicyOverrideDialog groupId={editing} policies={policies} groupIds={groupIds} onSaved={onSaved} onClose={() => setEditing(null)} />
    </Panel>
  );
}
