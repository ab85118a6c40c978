"use client";

import { ErrorState } from "@/components/ui/ErrorState";

/** A rendering failure in one page keeps the sidebar and the live indicator usable. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="p-6">
      <ErrorState
        title="This page failed to render"
        message={error.digest ? `${error.message} (reference ${error.digest})` : error.message}
        onRetry={reset}
        className="h-64"
      />
    </div>
  );
}
