"use client";

import { Trash2 } from "lucide-react";
import { useState } from "react";
import type { Role } from "@/lib/protocol/common";
import type { UserView } from "@/lib/protocol/views";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { RoleBadge } from "@/components/layout/RoleBadge";
import { useApiResource } from "@/components/live/use-api-resource";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { DataTable } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { formatDateTime } from "@/components/ui/format";
import { AddUserForm } from "./AddUserForm";
import { RoleSelect } from "./RoleSelect";
import { SectionMessage } from "./SectionMessage";

export function UsersSection() {
  const me = useCurrentUser();
  const canEdit = hasRole(me, "admin");
  const users = useApiResource<{ items: UserView[]; environmentAdminEmail?: string | null }>("/api/v1/users");
  const environmentAdmin = users.data?.environmentAdminEmail?.toLowerCase() ?? null;
  const [failure, setFailure] = useState<string | null>(null);
  const [savingId, setSavingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<UserView | null>(null);

  const changeRole = async (user: UserView, role: Role) => {
    setSavingId(user.id);
    setFailure(null);
    try {
      await apiFetch(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: { role } });
      users.setData((previous) => previous && { items: previous.items.map((item) => (item.id === user.id ? { ...item, role } : item)) });
    } catch (error) {
      setFailure(`Could not change the role of ${user.email}: ${errorMessage(error)}`);
    } finally {
      setSavingId(null);
    }
  };

  const body = (() => {
    if (users.errorStatus === 403) return (
        <div className="p-4">
          <SectionMessage tone="info" message="Only administrators can see and manage users." />
        </div>
      );
    if (!users.data) {
      return users.error ? <ErrorState message={users.error} onRetry={users.reload} className="h-32" /> : <LoadingState className="h-32" />;
    }
    if (users.data.items.length === 0) return <EmptyState title="No users" className="h-32" />;
    return (
      <DataTable
        density="relaxed"
        verticalAlign="middle"
        columns={[
          {
            key: "user",
            header: "User",
            cell: (user) => (
              <>
                <div className="font-medium text-zinc-100">
                  {user.name ?? user.email}
                  {user.id === me.id && <span className="ml-2 text-xs font-normal text-zinc-400">(you)</span>}
                  {user.email.toLowerCase() === environmentAdmin && (
                    <span
                      className="ml-2 rounded bg-sky-500/15 px-1.5 py-0.5 text-xs font-normal text-sky-300"
                      title="VIGIL_ADMIN_EMAIL: the server creates this admin at start if it is missing"
                      data-env-user="VIGIL_ADMIN_EMAIL"
                    >
                      from environment
                    </span>
                  )}
                </div>
                {user.name && <div className="text-xs text-zinc-400">{user.email}</div>}
              </>
            ),
          },
          {
            key: "role",
            header: "Role",
            cell: (user) =>
              canEdit && user.id !== me.id ? (
                <RoleSelect compact value={user.role} disabled={savingId === user.id} onChange={(role) => changeRole(user, role)} label={`Role of ${user.email}`} />
              ) : (
                <RoleBadge role={user.role} />
              ),
          },
          { key: "created", header: "Created", className: "text-zinc-400 tabular", cell: (user) => formatDateTime(user.createdAt) },
          {
            key: "actions",
            header: null,
            srHeader: "Actions",
            align: "right",
            cell: (user) =>
              canEdit && (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setDeleting(user)}
                  disabled={user.id === me.id}
                  title={user.id === me.id ? "You cannot delete your own account" : `Delete ${user.email}`}
                >
                  <Trash2 className="size-3.5" aria-hidden />
                  Delete
                </Button>
              ),
          },
        ]}
        rows={users.data.items}
        rowKey={(user) => user.id}
      />
    );
  })();

  return (
    <Panel title="Users" bodyClassName="p-0">
      {failure && (
        <div className="px-4 pt-3">
          <SectionMessage message={failure} />
        </div>
      )}
      {body}
      {canEdit && users.data && <AddUserForm onAdded={users.reload} />}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete user"
        confirmLabel="Delete user"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await apiFetch(`/api/v1/users/${encodeURIComponent(deleting.id)}`, { method: "DELETE" });
          users.reload();
        }}
      >
        Delete <strong className="text-zinc-100">{deleting?.email}</strong>? They are signed out everywhere and cannot sign in again.
      </ConfirmDialog>
    </Panel>
  );
}
