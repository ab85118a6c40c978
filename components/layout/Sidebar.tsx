"use client";

import { Activity, BellOff, BellRing, Boxes, ChartScatter, FileClock, LayoutDashboard, LifeBuoy, ListChecks, Network, Orbit, ScrollText, Send, Server, Settings, Siren } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ConnectionIndicator } from "@/components/live/ConnectionIndicator";
import { UserBox } from "./UserBox";

const NAV_ITEMS = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/nodes", label: "Nodes", icon: Server },
  { href: "/groups", label: "Load groups", icon: ChartScatter },
  { href: "/replica-groups", label: "Replica groups", icon: Boxes },
  { href: "/ring", label: "Ring", icon: Orbit },
  { href: "/incidents", label: "Incidents", icon: Siren },
  { href: "/recovery", label: "Recovery", icon: LifeBuoy },
  { href: "/alerts", label: "Alerts", icon: BellRing },
  { href: "/silences", label: "Silences", icon: BellOff },
  { href: "/receivers", label: "Receivers", icon: Send },
  { href: "/rules", label: "Rules", icon: ListChecks },
  { href: "/logs", label: "Logs", icon: ScrollText },
  { href: "/cluster", label: "Cluster", icon: Network },
  { href: "/audit", label: "Audit log", icon: FileClock },
  { href: "/settings", label: "Settings", icon: Settings },
] as const;

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar() {
  const pathname = usePathname();
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-800 bg-zinc-950">
      <div className="flex h-14 items-center gap-2 px-4">
        <Activity className="size-5 text-sky-400" aria-hidden />
        <span className="text-lg font-semibold tracking-tight text-zinc-50">Vigil</span>
      </div>
      <div className="px-3 pb-3">
        <ConnectionIndicator />
      </div>
      <nav aria-label="Main" className="flex flex-1 flex-col gap-0.5 px-2">
        {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium transition-colors ${
                active ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100"
              }`}
            >
              <Icon className="size-4" aria-hidden />
              {label}
            </Link>
          );
        })}
      </nav>
      <UserBox />
    </aside>
  );
}
