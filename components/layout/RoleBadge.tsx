import type { Role } from "@/lib/protocol/common";

const ROLE_CLASSES: Record<Role, string> = {
  admin: "bg-violet-500/15 text-violet-300 ring-violet-500/40",
  operator: "bg-sky-500/15 text-sky-300 ring-sky-500/40",
  viewer: "bg-zinc-500/15 text-zinc-300 ring-zinc-500/40",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`inline-flex shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide ring-1 ring-inset ${ROLE_CLASSES[role]}`}>
      {role}
    </span>
  );
}
