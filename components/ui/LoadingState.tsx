import { LoaderCircle } from "lucide-react";

/** Takes the same room the content will, so the page doesn't jump when data arrives. */
export function LoadingState({ label = "Loading…", className = "h-40" }: { label?: string; className?: string }) {
  return (
    <div role="status" className={`flex items-center justify-center gap-2 text-sm text-zinc-400 ${className}`}>
      <LoaderCircle className="size-4 animate-spin" aria-hidden />
      {label}
    </div>
  );
}
