"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { formatHash, formatRingPosition } from "@/components/ring/ring-geometry";
import { RingGroupSwatch } from "./RingGroupSwatch";
import type { RingLookupResult } from "./ring-types";

type KeyLookupProps = {
  /** The ring's current epoch: a looked-up key is looked up again when it moves. */
  epoch: number;
  onResult: (result: RingLookupResult | null) => void;
};

function lookupPath(key: string): string {
  return `/api/v1/ring/lookup?key=${encodeURIComponent(key)}`;
}

/** Which group, and which node, serve a key: the question an operator asks when one key misbehaves. */
export function KeyLookup({ epoch, onResult }: KeyLookupProps) {
  const [text, setText] = useState("");
  const [result, setResult] = useState<RingLookupResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  });

  const lookup = async (key: string) => {
    setPending(true);
    setFailure(null);
    try {
      const found = await apiFetch<RingLookupResult>(lookupPath(key));
      setResult(found);
      onResultRef.current(found);
    } catch (error) {
      setResult(null);
      onResultRef.current(null);
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  const lookedUpKey = result?.key ?? null;
  const lookedUpEpoch = result?.epoch ?? null;
  useEffect(() => {
    if (lookedUpKey === null || lookedUpEpoch === null || lookedUpEpoch >= epoch) return;
    // The ring moved under a key on display: show where it lives now.
    const controller = new AbortController();
    apiFetch<RingLookupResult>(lookupPath(lookedUpKey), { signal: controller.signal })
      .then((found) => {
        setResult(found);
        onResultRef.current(found);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [epoch, lookedUpKey, lookedUpEpoch]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Keys are looked up exactly as typed: surrounding spaces can be part of a real key.
    if (text === "") return;
    void lookup(text);
  };

  const clear = () => {
    setText("");
    setResult(null);
    setFailure(null);
    onResultRef.current(null);
  };

  return (
    <div className="space-y-3">
      <form onSubmit={submit} className="flex gap-2" aria-label="Key lookup">
        <input
          name="key"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="a key, e.g. user:1042"
          aria-label="Key to look up"
          maxLength={1024}
          className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`}
          data-testid="ring-lookup-input"
        />
        <Button type="submit" variant="primary" disabled={pending || text === ""}>
          {pending ? "Looking up…" : "Look up"}
        </Button>
        {(result || failure) && (
          <Button variant="ghost" onClick={clear}>
            Clear
          </Button>
        )}
      </form>
      {failure && <p className="text-sm text-red-300">{failure}</p>}
      {result && (
        <dl
          className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm"
          data-testid="ring-lookup-result"
          data-group={result.group}
          data-node={result.node ?? ""}
          data-hash={result.hash}
        >
          <dt className="text-zinc-400">Hash</dt>
          <dd className="font-mono text-zinc-200 tabular">
            {formatHash(result.hash)} <span className="text-zinc-400">({formatRingPosition(result.hash)} round)</span>
          </dd>
          <dt className="text-zinc-400">Token</dt>
          <dd className="font-mono text-zinc-400 tabular">{formatHash(result.token)}</dd>
          <dt className="text-zinc-400">Group</dt>
          <dd>
            <RingGroupSwatch groupId={result.group} />
          </dd>
          <dt className="text-zinc-400">Served by</dt>
          <dd>
            {result.node ? (
              <Link prefetch={false} href={`/nodes/${encodeURIComponent(result.node)}`} className="font-mono text-sky-300 hover:underline" data-testid="ring-lookup-node">
                {result.node}
              </Link>
            ) : (
              <span className="text-red-300">no recognised primary right now</span>
            )}
            <span className="text-zinc-400"> (the group&apos;s primary)</span>
          </dd>
          <dt className="text-zinc-400">Epoch</dt>
          <dd className="text-zinc-400 tabular">{result.epoch}</dd>
        </dl>
      )}
    </div>
  );
}
