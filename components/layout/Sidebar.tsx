"use client";

import { Activity, BellOff, BellRing, Boxes, ChartScatter, ChevronsUp, FileClock, LayoutDashboard, LifeBuoy, ListChecks, Megaphone, Network, Orbit, PhoneCall, ScrollText, Send, Server, Settings, Siren } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ProblemsView } from "@/lib/protocol/api/problems";
import { ConnectionIndicator } from "@/components/live/ConnectionIndicator";
import { formatCount } from "@/components/ui/format";
import { useProblems } from "./ProblemsProvider";
import { UserBox } from "./UserBox";

const NAV_ITEMS = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/nodes", label: "Nodes", icon: Server },
  { href: "/groups", label: "Load groups", icon: ChartScatter },
  { href: "/replica-groups", label: "Replica groups", icon: Boxes },
  { href: "/ring", label: "Ring", icon: Orbit },
  { href: "/incidents", label: "Incidents", icon: Siren },
  { href: "/pages", label: "Pages", icon: Megaphone },
  { href: "/recovery", label: "Recovery", icon: LifeBuoy },
  { href: "/alerts", label: "Alerts", icon: BellRing },
  { href: "/silences", label: "Silences", icon: BellOff },
  { href: "/receivers", label: "Receivers", icon: Send },
  { href: "/on-call", label: "On call", icon: PhoneCall },
  { href: "/escalation", label: "Escalation", icon: ChevronsUp },
  { href: "/rules", label: "Rules", icon: ListChecks },
  { href: "/logs", label: "Logs", icon: ScrollText },
  { href: "/cluster", label: "Cluster", icon: Network },
  { href: "/audit", label: "Audit log", icon: FileClock },
  { href: "/settings", label: "Settings", icon: Settings },
] as const;

type Badge = { count: number; tone: string; label: string };

const TONES = {
  critical: "bg-red-500/20 text-red-300 ring-red-500/40",
  warning: "bg-amber-500/15 text-amber-300 ring-amber-500/40",
  info: "bg-sky-500/15 text-sky-300 ring-sky-500/40",
};

/** The counts beside the pages where each kind of problem is handled; nothing when all is well. */
function badgesOf(problems: ProblemsView | null): Record<string, Badge[]> {
  if (!problems) return {};
  const { counts, lines } = problems;
  const problemLines = lines.filter((line) => line.severity !== "info");
  const badge = (count: number, tone: keyof typeof TONES, label: string): Badge[] => (count > 0 ? [{ count, tone: TONES[tone], label }] : []);
  return {
    "/": badge(problemLines.length, problemLines.some((l) => l.severity === "critical") ? "critical" : "warning", "problems now"),
    "/incidents": badge(counts.incidents, "critical", "open incidents"),
    "/alerts": badge(counts.criticalAlerts, "critical", "critical alerts firing"),
    "/recovery": [...badge(counts.held, "warning", "freezes and blocks"), ...badge(counts.recoveries, "info", "recoveries in progress")],
  };
}

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar() {
  const pathname = usePathname();
  const badges = badgesOf(useProblems());
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
              <span className="flex-1">{label}</span>
              {badges[href]?.map((badge) => (
                <span
                  key={badge.label}
                  data-testid={`nav-count-${href === "/" ? "overview" : href.slice(1)}`}
                  title={`${badge.count} ${badge.label}`}
                  aria-label={`${badge.count} ${badge.label}`}
                  className={`rounded-full px-1.5 py-px text-xs font-semibold tabular ring-1 ring-inset ${badge.tone}`}
                >
                  {formatCount(badge.count)}
                </span>
              ))}
            </Link>
          );
        })}
      </nav>
      <UserBox />
    </aside>
  );
}
