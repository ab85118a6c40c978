import Link from "next/link";

/** A node id links to the node's page, a group id to its replica-group card. */
export function SubjectLink({ id, kind }: { id: string; kind: "node" | "group" }) {
  const href = kind === "node" ? `/nodes/${encodeURIComponent(id)}` : `/replica-groups?group=${encodeURIComponent(id)}`;
  return (
    <Link prefetch={false} href={href} className="font-mono text-sky-300 hover:underline">
      {id}
    </Link>
  );
}
