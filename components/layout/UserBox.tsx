"use client";

import { LogOut } from "lucide-react";
import { useState } from "react";
import { apiFetch } from "@/components/live/api-client";
import { DensityToggle } from "@/components/ui/DensityToggle";
import { useCurrentUser } from "./CurrentUserProvider";
import { RoleBadge } from "./RoleBadge";

export function UserBox() {
  const user = useCurrentUser();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await apiFetch("/api/v1/auth/logout", { method: "POST", redirectOnUnauthorized: false });
    } catch {
      // Even if the server could not be told, leaving is what the operator asked for.
    }
    window.location.assign("/login");
  };

  return (
    <div className="border-t border-zinc-800 p-3">
      <div className="mb-2 min-w-0">
        <p className="truncate text-sm font-medium text-zinc-100" title={user.email}>
          {user.name ?? user.email}
        </p>
        <div className="mt-1 flex items-center gap-2">
          {user.name && (
            <span className="truncate text-xs text-zinc-400" title={user.email}>
              {user.email}
            </span>
          )}
          <RoleBadge role={user.role} />
        </div>
      </div>
      <div className="mb-2" title="Row density of the tables, for this browser">
        <DensityToggle />
      </div>
      <button
        type="button"
        onClick={signOut}
        disabled={signingOut}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100 disabled:opacity-50"
      >
        <LogOut className="size-4" aria-hidden />
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
