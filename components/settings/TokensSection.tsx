"use client";

import { Ban } from "lucide-react";
import { useState } from "react";
import type { TokenView } from "@/lib/protocol/views";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { RoleBadge } from "@/components/layout/RoleBadge";
import { useApiResource } from "@/components/live/use-api-resource";
import { useNow } from "@/components/live/use-now";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { DataTable } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { apiFetch } from "@/components/live/api-client";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import { CreateTokenForm } from "./CreateTokenForm";
import { SecretRevealModal } from "./SecretRevealModal";
import { SectionMessage } from "./SectionMessage";

type TokensSectionProps = {
  title: string;
  description: string;
  endpoint: string;
  /** API tokens act with a role; agent tokens only enroll agents. */
  withRole: boolean;
  namePlaceholder: string;
  secretUsage: string;
};

export function TokensSection({ title, description, endpoint, withRole, namePlaceholder, secretUsage }: TokensSectionProps) {
  const me = useCurrentUser();
  const canEdit = hasRole(me, "admin");
  const tokens = useApiResource<{ items: TokenView[] }>(endpoint);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const now = useNow(30_000);

  const body = (() => {
    if (tokens.errorStatus === 403) return (
        <div className="px-4 pb-4">
          <SectionMessage tone="info" message="Only administrators can see and manage tokens." />
        </div>
      );
    if (!tokens.data) {
      return tokens.error ? <ErrorState message={tokens.error} onRetry={tokens.reload} className="h-32" /> : <LoadingState className="h-32" />;
    }
    if (tokens.data.items.length === 0) {
      return (
        <EmptyState title="No tokens yet" className="h-32">
          {canEdit ? "Create one below." : "An administrator can create one."}
        </EmptyState>
      );
    }
    return (
      <DataTable
        density="relaxed"
        verticalAlign="middle"
        columns={[
          {
            key: "name",
            header: "Name",
            cell: (token) => <span className={`font-medium ${token.revokedAt !== null ? "line-through" : "text-zinc-100"}`}>{token.name}</span>,
          },
          { key: "prefix", header: "Prefix", className: "font-mono text-xs", cell: (token) => `${token.prefix}…` },
          withRole && { key: "role", header: "Role", cell: (token: TokenView) => (token.role ? <RoleBadge role={token.role} /> : "—") },
          { key: "created", header: "Created", className: "tabular", cell: (token) => formatDateTime(token.createdAt) },
          {
            key: "used",
            header: "Last used",
            className: "tabular",
            cellProps: (token) => ({ title: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : undefined }),
            cell: (token) => (token.lastUsedAt ? formatRelativeTime(new Date(token.lastUsedAt).getTime(), now) : "never"),
          },
          {
            key: "status",
            header: "Status",
            cell: (token) =>
              token.revokedAt !== null ? (
                <span className="text-xs text-red-300/80" title={formatDateTime(token.revokedAt)}>
                  revoked {formatDateTime(token.revokedAt)}
                </span>
              ) : (
                <span className="text-xs text-green-400">active</span>
              ),
          },
          {
            key: "actions",
            header: null,
            srHeader: "Actions",
            align: "right",
            cell: (token) =>
              canEdit &&
              token.revokedAt === null && (
                <Button size="sm" variant="ghost" onClick={() => setRevoking(token)}>
                  <Ban className="size-3.5" aria-hidden />
                  Revoke
                </Button>
              ),
          },
        ]}
        rows={tokens.data.items}
        rowKey={(token) => token.id}
        rowProps={(token) => ({ className: token.revokedAt !== null ? "text-zinc-500" : undefined })}
      />
    );
  })();

  return (
    <Panel title={title} bodyClassName="p-0">
      <p className="px-4 pt-3 pb-2 text-sm text-zinc-400">{description}</p>
      {body}
      {canEdit && tokens.errorStatus !== 403 && (
        <CreateTokenForm
          endpoint={endpoint}
          withRole={withRole}
          namePlaceholder={namePlaceholder}
          onCreated={({ token }) => {
            setRevealed(token);
            tokens.reload();
          }}
        />
      )}
      <SecretRevealModal secret={revealed} title={`New ${title.toLowerCase().replace(/s$/, "")}`} usage={secretUsage} onClose={() => setRevealed(null)} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke token"
        confirmLabel="Revoke"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await apiFetch(`${endpoint}/${encodeURIComponent(revoking.id)}`, { method: "DELETE" });
          tokens.reload();
        }}
      >
        Revoke <strong className="text-zinc-100">{revoking?.name}</strong> ({revoking?.prefix}…)? Anything using it is refused from now on.
        This cannot be undone.
      </ConfirmDialog>
    </Panel>
  );
}
