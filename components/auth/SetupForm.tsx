"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import type { UserView } from "@/lib/protocol/views";
import { ApiError, apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { FormError } from "./FormError";
import { FormField } from "./FormField";

const MIN_PASSWORD_LENGTH = 8;

function setupFailureMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return "Wrong setup code. Copy it from Vigil's log (the line starting with “[vigil] first run”).";
  if (error instanceof ApiError && error.status === 429) {
    return `Too many wrong codes, try again in ${Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000))} s.`;
  }
  return errorMessage(error);
}

export function SetupForm() {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setFailure("The two passwords differ.");
      return;
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      setFailure(`Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`);
      return;
    }
    const name = String(form.get("name") ?? "").trim();
    setPending(true);
    setFailure(null);
    try {
      await apiFetch<{ user: UserView }>("/api/v1/auth/setup", {
        method: "POST",
        body: { setupCode: String(form.get("setupCode") ?? "").trim(), email: String(form.get("email") ?? "").trim(), password, ...(name ? { name } : {}) },
        redirectOnUnauthorized: false,
      });
      window.location.assign("/");
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone finished setup first; signing in is the way forward.
        window.location.assign("/login");
        return;
      }
      setFailure(setupFailureMessage(error));
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <FormField
        label="Setup code"
        name="setupCode"
        autoComplete="off"
        spellCheck={false}
        placeholder="XXXX-XXXX-XXXX"
        required
        autoFocus
        hint="Vigil printed it in its log at start: “[vigil] first run: open /setup and enter the setup code …” (e.g. journalctl -u vigil, docker logs)."
      />
      <FormField label="Name" name="name" autoComplete="name" placeholder="Optional" />
      <FormField label="Email" name="email" type="email" autoComplete="username" required />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      />
      <FormField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required />
      <FormError message={failure} />
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
