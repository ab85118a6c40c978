"use client";

import { Ban } from "lucide-react";
import { useState } from "react";
import type { TokenView } from "@/lib/protocol/views";
import type { AgentTokenView, EnvironmentToken } from "@/lib/protocol/api/tokens";
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
  /** Agent tokens: show and set what each may enrol. */
  withEnrollmentLimits?: boolean;
  namePlaceholder: string;
  secretUsage: string;
};

type ListedToken = TokenView &
  Partial<Pick<AgentTokenView, "nodeGlob" | "maxNodes" | "maxConnections" | "expiresAt" | "requireApproval" | "enrolledNodes">> & {
    /** Set by this environment variable of the server, not stored: no value, no date, no revoking. */
    fromEnvironment?: EnvironmentToken["variable"];
  };

function environmentRow(token: EnvironmentToken): ListedToken {
  return {
    id: `environment:${token.variable}`,
    name: token.variable,
    prefix: "",
    role: token.role,
    scopes: token.scopes,
    createdAt: "",
    lastUsedAt: null,
    revokedAt: null,
    fromEnvironment: token.variable,
  };
}

const ENVIRONMENT_TITLE = "Set by the server's environment; its value is never shown. Unset the variable and restart Vigil to remove it.";

export function TokensSection({ title, description, endpoint, withRole, withEnrollmentLimits = false, namePlaceholder, secretUsage }: TokensSectionProps) {
  const me = useCurrentUser();
  const canEdit = hasRole(me, "admin");
  const tokens = useApiResource<{ items: ListedToken[]; environment?: EnvironmentToken[] }>(endpoint);
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
    const rows = [...(tokens.data.environment ?? []).map(environmentRow), ...tokens.data.items];
    if (rows.length === 0) {
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
            cell: (token) =>
              token.fromEnvironment ? (
                <span className="font-mono text-xs font-medium text-zinc-100" title={ENVIRONMENT_TITLE}>
                  {token.name}
                </span>
              ) : (
                <span className={`font-medium ${token.revokedAt !== null ? "line-through" : "text-zinc-100"}`}>{token.name}</span>
              ),
          },
          { key: "prefix", header: "Prefix", className: "font-mono text-xs", cell: (token) => (token.fromEnvironment ? "—" : `${token.prefix}…`) },
          withRole && { key: "role", header: "Role", cell: (token: ListedToken) => (token.role ? <RoleBadge role={token.role} /> : "—") },
          withRole && { key: "scopes", header: "Scopes", cell: (token: ListedToken) => <span className="font-mono text-xs text-zinc-300">{(token.scopes ?? []).join(", ") || "none"}</span> },
          withEnrollmentLimits && {
            key: "enrols",
            header: "Enrols",
            cell: (token: ListedToken) => (token.fromEnvironment ? <span className="text-xs text-zinc-300">any id, no limits</span> : <EnrollmentLimits token={token} />),
          },
          { key: "created", header: "Created", className: "tabular", cell: (token) => (token.fromEnvironment ? "at start" : formatDateTime(token.createdAt)) },
          {
            key: "used",
            header: "Last used",
            className: "tabular",
            cellProps: (token) => ({ title: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : undefined }),
            cell: (token) => (token.fromEnvironment ? "not recorded" : token.lastUsedAt ? formatRelativeTime(new Date(token.lastUsedAt).getTime(), now) : "never"),
          },
          {
            key: "status",
            header: "Status",
            cell: (token) =>
              token.fromEnvironment ? (
                <span className="rounded bg-sky-500/15 px-1.5 py-0.5 text-xs text-sky-300" title={ENVIRONMENT_TITLE}>
                  from environment
                </span>
              ) : token.revokedAt !== null ? (
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
              !token.fromEnvironment &&
              token.revokedAt === null && (
                <Button size="sm" variant="ghost" onClick={() => setRevoking(token)}>
                  <Ban className="size-3.5" aria-hidden />
                  Revoke
                </Button>
              ),
          },
        ]}
        rows={rows}
        rowKey={(token) => token.id}
        rowProps={(token) => ({ className: token.revokedAt !== null ? "text-zinc-400" : undefined, "data-env-token": token.fromEnvironment })}
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
          withEnrollmentLimits={withEnrollmentLimits}
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

function EnrollmentLimits({ token }: { token: ListedToken }) {
  const limits = [
    token.nodeGlob ? `ids ${token.nodeGlob}` : "any id",
    token.maxNodes ? `${token.enrolledNodes ?? 0} of ${token.maxNodes} nodes` : `${token.enrolledNodes ?? 0} nodes`,
    token.maxConnections ? `≤ ${token.maxConnections} connections` : null,
    token.expiresAt ? `until ${formatDateTime(token.expiresAt)}` : null,
  ].filter(Boolean);
  return (
    <span className="text-xs text-zinc-300">
      {limits.join(" · ")}
      {token.requireApproval && <span className="ml-2 rounded bg-amber-500/15 px-1.5 py-0.5 text-amber-300">approval</span>}
    </span>
  );
}
