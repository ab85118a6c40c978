const STATUS_CLASSES: Record<string, string> = {
  delivered: "bg-green-500/15 text-green-300 ring-green-500/30",
  pending: "bg-amber-500/15 text-amber-300 ring-amber-500/40",
  dead: "bg-red-500/20 text-red-300 ring-red-500/50",
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${STATUS_CLASSES[status] ?? "bg-zinc-500/15 text-zinc-300 ring-zinc-500/40"}`}>
      {status}
    </span>
  );
}
