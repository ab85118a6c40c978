"use client";

import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import type { UserView } from "@/lib/protocol/views";
import { ApiError, apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { FormError } from "./FormError";
import { FormField } from "./FormField";
import { safeNextPath } from "./safe-next-path";

/** When a 429 comes without a delay (it always has one from Vigil), wait this long. */
const FALLBACK_BLOCK_MS = 60_000;

function loginFailureMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Wrong email or password.";
    if (error.status === 400) return error.message;
  }
  return errorMessage(error);
}

/** A countdown in whole seconds (0 = not blocked) and the function that starts one. */
function useCountdown(): [number, (ms: number | null) => void] {
  const [clock, setClock] = useState<{ until: number; now: number } | null>(null);
  const until = clock?.until ?? null;
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setClock((current) => (current && Date.now() < current.until ? { ...current, now: Date.now() } : null)), 250);
    return () => clearInterval(timer);
  }, [until]);
  const start = (ms: number | null) => setClock(ms === null ? null : { until: Date.now() + ms, now: Date.now() });
  return [clock ? Math.max(0, Math.ceil((clock.until - clock.now) / 1000)) : 0, start];
}

export function LoginForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [secondsLeft, blockFor] = useCountdown();
  const blocked = secondsLeft > 0;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (blocked) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailure(null);
    blockFor(null);
    try {
      await apiFetch<{ user: UserView }>("/api/v1/auth/login", {
        method: "POST",
        body: { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") },
        redirectOnUnauthorized: false,
      });
      // A full navigation so the live socket opens with the new session cookie. The server
      // already sanitised `next`; checking again against this page's origin costs nothing.
      window.location.assign(safeNextPath(next, window.location.origin));
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) blockFor(error.retryAfterMs ?? FALLBACK_BLOCK_MS);
      else setFailure(loginFailureMessage(error));
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate={false}>
      <FormField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormError message={blocked ? `Too many attempts, try again in ${secondsLeft} s.` : failure} />
      <Button type="submit" variant="primary" disabled={pending || blocked} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
