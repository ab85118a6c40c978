import { Activity } from "lucide-react";
import type { ReactNode } from "react";

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <Activity className="size-6 text-sky-400" aria-hidden />
          <span className="text-2xl font-semibold tracking-tight text-zinc-50">Vigil</span>
        </div>
        <div className="rounded-lg border border-zinc-800 bg-zinc-900/70 p-6 shadow-xl shadow-black/30">
          <h1 className="text-lg font-semibold text-zinc-50">{title}</h1>
          {subtitle && <p className="mt-1 text-sm text-zinc-400">{subtitle}</p>}
          <div className="mt-5">{children}</div>
        </div>
      </div>
    </main>
  );
}
