import { CircleAlert } from "lucide-react";

export function SectionMessage({ message, tone = "error" }: { message: string | null; tone?: "error" | "info" }) {
  if (!message) return null;
  const classes = tone === "error" ? "border-red-500/40 bg-red-500/10 text-red-300" : "border-zinc-700 bg-zinc-800/60 text-zinc-300";
  return (
    <p role={tone === "error" ? "alert" : "status"} className={`flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${classes}`}>
      <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      {message}
    </p>
  );
}
