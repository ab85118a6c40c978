"use client";

import { Pin } from "lucide-react";
import { useState } from "react";
import type { NodeSteeringView, PinnedSteering, Steering } from "@/lib/protocol/api/nodes";
import type { NodeView } from "@/lib/protocol/views";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { Modal } from "@/components/ui/Modal";
import { Panel } from "@/components/ui/Panel";

type Key = keyof Steering;
const ROWS: { key: Key; label: string; why: string }[] = [
  { key: "zone", label: "Zone", why: "blast-radius guard" },
  { key: "group", label: "Replica group", why: "who fails over to whom" },
  { key: "role", label: "Role hint", why: "primary recognition" },
  { key: "weight", label: "Ring weight", why: "keyspace share" },
  { key: "priority", label: "Priority", why: "promotion ranking (0: never)" },
];

const show = (value: Steering[Key] | undefined) => (value === null || value === undefined ? "—" : String(value));

function currentOf(node: NodeView): Steering {
  return { zone: node.zone, group: node.group, role: node.role, weight: node.weight, priority: node.labels.priority ?? null };
}

/**
 * What steers recovery about this node, where each value comes from (the agent's report or an
 * operator's pin), and a reported change waiting for approval.
 */
export function SteeringPanel({ node }: { node: NodeView }) {
  const me = useCurrentUser();
  const path = `/api/v1/nodes/${encodeURIComponent(node.id)}/steering`;
  // A held report changes nothing live: polled, so it shows up without a reload.
  const steering = useApiResource<NodeSteeringView>(path, { refreshMs: 10_000 });
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canEdit = hasRole(me, "operator");
  const current = currentOf(node);
  const view = steering.data;

  const decide = async (decision: "approve" | "reject") => {
    setError(null);
    try {
      steering.setData(await apiFetch<NodeSteeringView>(`${path}/${decision}`, { method: "POST" }));
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };

  return (
    <Panel
      title="Recovery steering"
      actions={canEdit && view ? <Button size="sm" variant="ghost" onClick={() => setEditing(true)}><Pin className="size-3.5" aria-hidden />Pin values</Button> : null}
    >
      {view?.proposed && (
        <div role="status" className="mb-3 rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm text-amber-100">
          <p>
            The agent reported a change at {new Date(view.proposed.reportedAt).toLocaleString()}; its enrollment token requires an operator&apos;s approval,
            so Vigil keeps acting on the recorded values until then.
          </p>
          {canEdit && (
            <div className="mt-2 flex gap-2">
              <Button size="sm" variant="primary" onClick={() => void decide("approve")}>Apply reported change</Button>
              <Button size="sm" variant="ghost" onClick={() => void decide("reject")}>Discard</Button>
            </div>
          )}
        </div>
      )}
      {(error ?? steering.error) && <p role="alert" className="mb-2 text-sm text-red-300">{error ?? steering.error}</p>}
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-zinc-400">
            <th className="pb-1 font-medium">Attribute</th>
            <th className="pb-1 font-medium">Vigil acts on</th>
            <th className="pb-1 font-medium">Source</th>
            {view?.proposed && <th className="pb-1 font-medium">Reported, held</th>}
          </tr>
        </thead>
        <tbody>
          {ROWS.map(({ key, label, why }) => {
            const pinned = view ? key in view.pinned : false;
            const held = view?.proposed && key in view.proposed.values ? view.proposed.values[key] : undefined;
            return (
              <tr key={key} className="border-t border-zinc-800">
                <td className="py-1.5 text-zinc-300">
                  {label} <span className="text-xs text-zinc-400">({why})</span>
                </td>
                <td className="py-1.5 font-mono text-zinc-100">{show(current[key])}</td>
                <td className="py-1.5">
                  {pinned ? <span className="rounded bg-sky-500/15 px-1.5 py-0.5 text-xs text-sky-200">pinned</span> : <span className="text-xs text-zinc-400">agent</span>}
                </td>
                {view?.proposed && <td className="py-1.5 font-mono text-amber-200">{held === undefined ? "" : show(held)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {view && editing && (
        <PinDialog
          current={current}
          pinned={view.pinned}
          onClose={() => setEditing(false)}
          onSave={async (pins) => {
            steering.setData(await apiFetch<NodeSteeringView>(path, { method: "PUT", body: { pinned: pins } }));
            setEditing(false);
          }}
        />
      )}
    </Panel>
  );
}

function PinDialog({ current, pinned, onClose, onSave }: { current: Steering; pinned: PinnedSteering; onClose: () => void; onSave: (pins: PinnedSteering) => Promise<void> }) {
  const [checked, setChecked] = useState<Record<Key, boolean>>(() => Object.fromEntries(ROWS.map(({ key }) => [key, key in pinned])) as Record<Key, boolean>);
  const [values, setValues] = useState<Record<Key, string>>(() => Object.fromEntries(ROWS.map(({ key }) => [key, current[key] === null ? "" : String(current[key])])) as Record<Key, string>);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    const text = (key: Key) => (values[key].trim() === "" ? null : values[key].trim());
    const pins: PinnedSteering = {};
    if (checked.zone) pins.zone = text("zone");
    if (checked.group) pins.group = text("group");
    if (checked.role) pins.role = values.role === "primary" || values.role === "replica" ? values.role : null;
    if (checked.weight) pins.weight = Number(values.weight);
    if (checked.priority) pins.priority = text("priority");
    try {
      await onSave(pins);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="Pin recovery steering"
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={saving} onClick={() => void save()}>{saving ? "Saving…" : "Save pins"}</Button>
        </>
      }
    >
      <p className="mb-3 text-sm text-zinc-300">A pinned value wins over whatever the agent reports, now and after it reconnects. Unchecked values follow the agent (audited).</p>
      <div className="flex flex-col gap-2">
        {ROWS.map(({ key, label }) => (
          <label key={key} className="grid grid-cols-[7rem_1fr] items-center gap-2">
            <span className="flex items-center gap-2">
              <input type="checkbox" checked={checked[key]} onChange={(event) => setChecked({ ...checked, [key]: event.target.checked })} aria-label={`Pin ${label}`} />
              <span className={LABEL_CLASS}>{label}</span>
            </span>
            {key === "role" ? (
              <select className={SELECT_CLASS} disabled={!checked.role} value={values.role} onChange={(event) => setValues({ ...values, role: event.target.value })} aria-label={label}>
                <option value="">none</option>
                <option value="primary">primary</option>
                <option value="replica">replica</option>
              </select>
            ) : (
              <input className={INPUT_CLASS} disabled={!checked[key]} value={values[key]} onChange={(event) => setValues({ ...values, [key]: event.target.value })} aria-label={label} />
            )}
          </label>
        ))}
      </div>
      {error && <p role="alert" className="mt-3 text-sm text-red-300">{error}</p>}
    </Modal>
  );
}
