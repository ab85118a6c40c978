"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Role } from "@/lib/protocol/common";
import type { ApiScope } from "@/lib/protocol/api/tokens";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import type { TokenView } from "@/lib/protocol/views";
import { RoleSelect } from "./RoleSelect";
import { SectionMessage } from "./SectionMessage";

type CreateTokenFormProps = {
  endpoint: string;
  withRole: boolean;
  /** Agent tokens are enrollment tokens: which node ids, how many, until when, approved by whom. */
  withEnrollmentLimits?: boolean;
  namePlaceholder: string;
  onCreated: (created: { item: TokenView; token: string }) => void;
};

/** What an API token may reach within its role (lib/protocol/api/tokens.ts `API_SCOPES`). */
const ACCESS_OPTIONS: readonly { value: string; label: string; scopes: ApiScope[] }[] = [
  { value: "read-write", label: "Everything its role allows", scopes: ["read", "write"] },
  { value: "read", label: "Read only", scopes: ["read"] },
  { value: "alerts-ingest", label: "Only POST /api/v1/alertmanager (alerts:ingest)", scopes: ["alerts:ingest"] },
];

export function CreateTokenForm({ endpoint, withRole, withEnrollmentLimits = false, namePlaceholder, onCreated }: CreateTokenFormProps) {
  const [role, setRole] = useState<Role>("viewer");
  const [access, setAccess] = useState(ACCESS_OPTIONS[0].value);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name") ?? "").trim();
    if (!name) {
      setFailure("Give the token a name so you can tell it apart later.");
      return;
    }
    setPending(true);
    setFailure(null);
    try {
      const created = await apiFetch<{ item: TokenView; token: string }>(endpoint, {
        method: "POST",
        body: withRole ? { name, role, scopes: scopesOf(access) } : withEnrollmentLimits ? { name, ...enrollmentLimits(form) } : { name },
      });
      formElement.reset();
      onCreated(created);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-2 border-t border-zinc-800 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <input name="name" placeholder={namePlaceholder} aria-label="Token name" autoComplete="off" maxLength={200} className={`${INPUT_CLASS} w-72`} />
        {withRole && <RoleSelect value={role} onChange={setRole} label="Role the token acts with" />}
        {withRole && (
          <select value={access} onChange={(event) => setAccess(event.target.value)} aria-label="What the token may reach" className={SELECT_CLASS}>
            {ACCESS_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
        {withEnrollmentLimits && (
          <>
            <input name="nodeGlob" placeholder="node ids, e.g. db-*" aria-label="Node ids it may enrol (glob)" autoComplete="off" maxLength={128} className={`${INPUT_CLASS} w-44`} />
            <input name="maxNodes" type="number" min={1} placeholder="max nodes" aria-label="Most nodes it may enrol" className={`${INPUT_CLASS} w-32`} />
            <input
              name="maxConnections"
              type="number"
              min={1}
              placeholder="max connections"
              aria-label="Most live connections presenting it at once"
              title="Live connections presenting this token at once, per Vigil instance (enrolments in progress and version 1 agents)"
              className={`${INPUT_CLASS} w-40`}
            />
            <input name="expiresAt" type="date" aria-label="Enrols until" title="Enrols until (end of that day, your time)" className={`${INPUT_CLASS} w-40`} />
            <label className="flex items-center gap-1.5 text-sm text-zinc-300">
              <input name="requireApproval" type="checkbox" className="size-4 accent-sky-500" />
              operator approves each node
            </label>
          </>
        )}
        <Button type="submit" variant="primary" disabled={pending}>
          <KeyRound className="size-4" aria-hidden />
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
      <SectionMessage message={failure} />
    </form>
  );
}

function scopesOf(access: string): ApiScope[] {
  return (ACCESS_OPTIONS.find((option) => option.value === access) ?? ACCESS_OPTIONS[0]).scopes;
}

/** The optional limits of an enrollment token, from the form; empty fields mean no limit. */
function enrollmentLimits(form: FormData): { nodeGlob?: string; maxNodes?: number; maxConnections?: number; expiresAt?: string; requireApproval: boolean } {
  const nodeGlob = String(form.get("nodeGlob") ?? "").trim();
  const maxNodes = Number(form.get("maxNodes") || Number.NaN);
  const maxConnections = Number(form.get("maxConnections") || Number.NaN);
  const expires = String(form.get("expiresAt") ?? "");
  return {
    ...(nodeGlob ? { nodeGlob } : {}),
    ...(Number.isInteger(maxNodes) && maxNodes > 0 ? { maxNodes } : {}),
    ...(Number.isInteger(maxConnections) && maxConnections > 0 ? { maxConnections } : {}),
    ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
    requireApproval: form.get("requireApproval") === "on",
  };
}
