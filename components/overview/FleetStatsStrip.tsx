import type { FleetStats } from "@/lib/protocol/views";
import { formatCount, formatRate } from "@/components/ui/format";

export function FleetStatsStrip({ stats }: { stats: FleetStats | null }) {
  const items = [
    { label: "Nodes", value: formatCount(stats?.total) },
    { label: "Agents connected", value: formatCount(stats?.connectedAgents) },
    { label: "Heartbeats/s", value: formatRate(stats?.heartbeatsPerSec) },
    { label: "Log lines/s", value: formatRate(stats?.logsPerSec) },
  ];
  return (
    <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
      {items.map((item) => (
        <div key={item.label} className="flex items-baseline gap-2">
          <dt className="text-zinc-400">{item.label}</dt>
          <dd className="font-semibold text-zinc-100 tabular">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
