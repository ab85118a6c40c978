"use client";

import { PageHeader } from "@/components/layout/PageHeader";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { ContactMethodsSection } from "./ContactMethodsSection";
import { TokensSection } from "./TokensSection";
import { UsersSection } from "./UsersSection";

export function SettingsView() {
  const me = useCurrentUser();
  const readOnly = !hasRole(me, "admin");
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle={readOnly ? "Read only: changing users and tokens needs the admin role." : "Users, agent enrollment and API access."}
      />
      <div className="flex max-w-6xl flex-col gap-6 p-6">
        <ContactMethodsSection />
        <UsersSection />
        <TokensSection
          title="Agent tokens"
          description="An agent presents an enrollment token on its first connection and receives its node's own credential; from then on only that agent speaks for the node. Limit a token to node ids, a count, a date or operator approval; revoking it stops new enrolments."
          endpoint="/api/v1/agent-tokens"
          withRole={false}
          withEnrollmentLimits
          namePlaceholder="e.g. eu-west racks"
          secretUsage="Put it in the agent's configuration as its token (or the VIGIL_AGENT_TOKEN environment variable of the agent)."
        />
        <TokensSection
          title="API tokens"
          description="Scripts and integrations call /api/v1 with “Authorization: Bearer <token>”. A token acts with the role chosen here, within its scopes: everything the role allows, read only, or only posting alerts to /api/v1/alertmanager (the token to give an Alertmanager)."
          endpoint="/api/v1/api-tokens"
          withRole
          namePlaceholder="e.g. grafana, ticket bot"
          secretUsage="Send it as “Authorization: Bearer <token>” to /api/v1."
        />
      </div>
    </>
  );
}
