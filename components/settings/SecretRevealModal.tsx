"use client";

import { TriangleAlert } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Modal } from "@/components/ui/Modal";
import { CopyButton } from "./CopyButton";

type SecretRevealModalProps = {
  secret: string | null;
  title: string;
  /** Where the secret goes, e.g. the agent's config key. */
  usage: string;
  /**
   * "hashed" for tokens Vigil only verifies; "signing" for secrets it must keep to sign with
   * (webhook receivers, recovery hooks), which are stored as they are.
   */
  storage?: "hashed" | "signing";
  onClose: () => void;
};

/** The server never shows this secret again, so closing needs an explicit acknowledgement. */
export function SecretRevealModal({ secret, title, usage, storage = "hashed", onClose }: SecretRevealModalProps) {
  const [acknowledged, setAcknowledged] = useState(false);
  const close = () => {
    setAcknowledged(false);
    onClose();
  };
  return (
    <Modal
      open={secret !== null}
      title={title}
      onClose={close}
      dismissible={false}
      footer={
        <Button variant="primary" onClick={close} disabled={!acknowledged}>
          Done
        </Button>
      }
    >
      <div className="space-y-4">
        <p className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-amber-200">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          {storage === "hashed"
            ? "Copy this secret now. It is shown only once; Vigil stores only a hash of it."
            : "Copy this secret now. It is shown only once; Vigil keeps it to sign with, and no page or API shows it again."}
        </p>
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 rounded-md border border-zinc-700 bg-zinc-950 px-3 py-2 font-mono text-sm break-all text-zinc-100 select-all"
            data-testid="revealed-secret"
          >
            {secret}
          </code>
          {secret && <CopyButton text={secret} />}
        </div>
        <p className="text-zinc-400">{usage}</p>
        <label className="flex items-center gap-2 text-zinc-300">
          <input type="checkbox" checked={acknowledged} onChange={(event) => setAcknowledged(event.target.checked)} className="size-4 accent-sky-500" />
          I have stored this secret somewhere safe.
        </label>
      </div>
    </Modal>
  );
}
