"use client";

import { createContext, use } from "react";
import type { ReactNode } from "react";
import type { Role } from "@/lib/protocol/common";
import type { UserView } from "@/lib/protocol/views";

const CurrentUserContext = createContext<UserView | null>(null);

export function CurrentUserProvider({ user, children }: { user: UserView; children: ReactNode }) {
  return <CurrentUserContext value={user}>{children}</CurrentUserContext>;
}

export function useCurrentUser(): UserView {
  const user = use(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser must be used inside <CurrentUserProvider>");
  return user;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function hasRole(user: UserView, needed: Role): boolean {
  return ROLE_RANK[user.role] >= ROLE_RANK[needed];
}
