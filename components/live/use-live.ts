"use client";

import { use, useEffect, useRef } from "react";
import type { UiServerToClientEvents, UiSubscription } from "@/lib/protocol/ui";
import { LiveContext } from "./LiveSocketProvider";
import type { ConnectionState, LiveContextValue } from "./LiveSocketProvider";

function useLiveContext(): LiveContextValue {
  const context = use(LiveContext);
  if (!context) throw new Error("live hooks must be used inside <LiveSocketProvider>");
  return context;
}

export function useLiveConnection(): ConnectionState {
  return useLiveContext().connection;
}

/** Asks the server to push what `subscription` names while the component is mounted. Pass null for nothing. */
export function useLiveSubscription(subscription: UiSubscription | null): void {
  const { claimSubscription } = useLiveContext();
  // Callers build the object inline; compare by content so a re-render doesn't resubscribe.
  const key = subscription ? JSON.stringify(subscription) : null;
  useEffect(() => {
    if (key === null) return;
    return claimSubscription(JSON.parse(key) as UiSubscription);
  }, [key, claimSubscription]);
}

type LiveEventName = keyof UiServerToClientEvents;

/** Calls `handler` for each pushed event; the latest handler is used without re-binding. */
export function useLiveEvent<Name extends LiveEventName>(name: Name, handler: UiServerToClientEvents[Name]): void {
  const { socket } = useLiveContext();
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<UiServerToClientEvents[Name]>) => {
      (handlerRef.current as (...inner: Parameters<UiServerToClientEvents[Name]>) => void)(...args);
    }) as UiServerToClientEvents[Name];
    // socket.io's typed overloads can't follow a generic event name; the cast keeps the pair consistent.
    const typedSocket = socket as unknown as {
      on: (event: Name, fn: UiServerToClientEvents[Name]) => void;
      off: (event: Name, fn: UiServerToClientEvents[Name]) => void;
    };
    typedSocket.on(name, listener);
    return () => typedSocket.off(name, listener);
  }, [socket, name]);
}

/** The number of successful connects so far; data hooks refetch when it moves past 1. */
export function useReconnectCount(): number {
  return useLiveContext().connection.connectCount;
}
