"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import type { UserView } from "@/lib/protocol/views";
import { ApiError, apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { FormError } from "./FormError";
import { FormField } from "./FormField";

function loginFailureMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Wrong email or password.";
    if (error.status === 429) return "Too many attempts. Wait a minute and try again.";
    if (error.status === 400) return error.message;
  }
  return errorMessage(error);
}

export function LoginForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailure(null);
    try {
      await apiFetch<{ user: UserView }>("/api/v1/auth/login", {
        method: "POST",
        body: { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") },
        redirectOnUnauthorized: false,
      });
      // A full navigation so the live socket opens with the new session cookie.
      window.location.assign(next);
    } catch (error) {
      setFailure(loginFailureMessage(error));
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate={false}>
      <FormField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormError message={failure} />
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
