"use client";

type LiveToggleProps = {
  enabled: boolean;
  onChange: (enabled: boolean) => void;
  /** Why live tailing can't be used right now, e.g. a range that ends in the past. */
  unavailableReason?: string;
};

export function LiveToggle({ enabled, onChange, unavailableReason }: LiveToggleProps) {
  const active = enabled && !unavailableReason;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={active}
      disabled={Boolean(unavailableReason)}
      title={unavailableReason}
      onClick={() => onChange(!enabled)}
      className={`inline-flex h-9 items-center gap-2 rounded-md border px-3 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${
        active ? "border-green-500/50 bg-green-500/10 text-green-300" : "border-zinc-700 text-zinc-300 hover:bg-zinc-800"
      }`}
    >
      <span className={`relative inline-flex h-4 w-7 rounded-full transition-colors ${active ? "bg-green-500" : "bg-zinc-600"}`}>
        <span className={`absolute top-0.5 size-3 rounded-full bg-white transition-transform ${active ? "translate-x-3.5" : "translate-x-0.5"}`} />
      </span>
      Live tail
    </button>
  );
}
