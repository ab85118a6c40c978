"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Role } from "@/lib/protocol/common";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import type { TokenView } from "@/lib/protocol/views";
import { RoleSelect } from "./RoleSelect";
import { SectionMessage } from "./SectionMessage";

type CreateTokenFormProps = {
  endpoint: string;
  withRole: boolean;
  namePlaceholder: string;
  onCreated: (created: { item: TokenView; token: string }) => void;
};

export function CreateTokenForm({ endpoint, withRole, namePlaceholder, onCreated }: CreateTokenFormProps) {
  const [role, setRole] = useState<Role>("viewer");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("name") ?? "").trim();
    if (!name) {
      setFailure("Give the token a name so you can tell it apart later.");
      return;
    }
    setPending(true);
    setFailure(null);
    try {
      const created = await apiFetch<{ item: TokenView; token: string }>(endpoint, {
        method: "POST",
        body: withRole ? { name, role } : { name },
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
        <Button type="submit" variant="primary" disabled={pending}>
          <KeyRound className="size-4" aria-hidden />
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
      <SectionMessage message={failure} />
    </form>
  );
}
