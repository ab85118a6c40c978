"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Role } from "@/lib/protocol/common";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { RoleSelect } from "./RoleSelect";
import { SectionMessage } from "./SectionMessage";

export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const [role, setRole] = useState<Role>("viewer");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name") ?? "").trim();
    setPending(true);
    setFailure(null);
    try {
      await apiFetch("/api/v1/users", {
        method: "POST",
        body: {
          email: String(form.get("email") ?? "").trim(),
          password: String(form.get("password") ?? ""),
          role,
          ...(name ? { name } : {}),
        },
      });
      formElement.reset();
      setRole("viewer");
      onAdded();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-2 border-t border-zinc-800 px-4 py-3">
      <p className="text-xs font-medium tracking-wide text-zinc-400 uppercase">Add a user</p>
      <div className="flex flex-wrap items-center gap-2">
        <input name="email" type="email" required placeholder="Email" aria-label="Email" autoComplete="off" className={`${INPUT_CLASS} w-60`} />
        <input name="name" placeholder="Name (optional)" aria-label="Name" autoComplete="off" className={`${INPUT_CLASS} w-44`} />
        <input
          name="password"
          type="password"
          required
          minLength={8}
          placeholder="Initial password"
          aria-label="Initial password"
          autoComplete="new-password"
          className={`${INPUT_CLASS} w-44`}
        />
        <RoleSelect value={role} onChange={setRole} label="Role of the new user" />
        <Button type="submit" variant="primary" disabled={pending}>
          <UserPlus className="size-4" aria-hidden />
          {pending ? "Adding…" : "Add user"}
        </Button>
      </div>
      <SectionMessage message={failure} />
    </form>
  );
}
