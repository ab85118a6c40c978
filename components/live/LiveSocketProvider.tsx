"use client";

import { createContext, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { io } from "socket.io-client";
import type { Socket } from "socket.io-client";
import type { UiClientToServerEvents, UiServerToClientEvents, UiSubscription } from "@/lib/protocol/ui";
import { apiFetch } from "@/components/live/api-client";
import { mergeSubscriptions } from "@/components/live/subscriptions";

export type UiSocket = Socket<UiServerToClientEvents, UiClientToServerEvents>;

export type ConnectionState = {
  phase: "connecting" | "connected" | "disconnected";
  /** When the current phase began: connected since, or disconnected since. */
  since: number;
  /** Increments on every successful (re)connect; data hooks refetch when it changes to fill the gap. */
  connectCount: number;
  /** The browser itself reports no network. */
  browserOffline: boolean;
};

export type LiveContextValue = {
  socket: UiSocket | null;
  connection: ConnectionState;
  /** Registers what a component wants pushed; returns the function that withdraws it. */
  claimSubscription: (subscription: UiSubscription) => () => void;
};

export const LiveContext = createContext<LiveContextValue | null>(null);

/** After a refusal by the server (session expired, restart) socket.io does not retry by itself. */
const MANUAL_RETRY_MS = 5_000;

export function LiveSocketProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<UiSocket | null>(null);
  const [connection, setConnection] = useState<ConnectionState>(() => ({
    phase: "connecting",
    since: Date.now(),
    connectCount: 0,
    browserOffline: false,
  }));
  const claimsRef = useRef(new Map<number, UiSubscription>());
  const nextClaimIdRef = useRef(1);
  const sentKeyRef = useRef<string | null>(null);
  const socketRef = useRef<UiSocket | null>(null);

  const sendSubscription = useCallback((force: boolean) => {
    const current = socketRef.current;
    if (!current?.connected) return;
    const merged = mergeSubscriptions([...claimsRef.current.values()]);
    const key = JSON.stringify(merged);
    if (!force && key === sentKeyRef.current) return;
    sentKeyRef.current = key;
    current.emit("subscribe", merged, (response) => {
      if (!response.ok) console.warn("live subscription refused:", response.error.message);
    });
  }, []);

  // Several hooks may claim in one render; send their union once, after they all ran.
  const flushScheduledRef = useRef(false);
  const scheduleSend = useCallback(() => {
    if (flushScheduledRef.current) return;
    flushScheduledRef.current = true;
    queueMicrotask(() => {
      flushScheduledRef.current = false;
      sendSubscription(false);
    });
  }, [sendSubscription]);

  const claimSubscription = useCallback(
    (subscription: UiSubscription) => {
      const id = nextClaimIdRef.current++;
      claimsRef.current.set(id, subscription);
      scheduleSend();
      return () => {
        claimsRef.current.delete(id);
        scheduleSend();
      };
    },
    [scheduleSend],
  );

  useEffect(() => {
    const uiSocket: UiSocket = io("/ui", { transports: ["websocket"], withCredentials: true });
    socketRef.current = uiSocket;
    setSocket(uiSocket);
    let retryTimer: ReturnType<typeof setTimeout> | null = null;

    const markDisconnected = () =>
      setConnection((previous) =>
        previous.phase === "disconnected" ? previous : { ...previous, phase: "disconnected", since: Date.now() },
      );
    const retryLater = () => {
      if (retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (!uiSocket.connected) uiSocket.connect();
      }, MANUAL_RETRY_MS);
    };

    uiSocket.on("connect", () => {
      setConnection((previous) => ({
        ...previous,
        phase: "connected",
        since: Date.now(),
        connectCount: previous.connectCount + 1,
      }));
      // The server forgets subscriptions with the connection.
      sendSubscription(true);
    });
    uiSocket.on("disconnect", (reason) => {
      markDisconnected();
      if (reason === "io server disconnect") retryLater();
    });
    uiSocket.on("connect_error", () => {
      markDisconnected();
      if (uiSocket.active) return;
      // Refused by the server: if the session ended, this request sends the operator to /login.
      apiFetch("/api/v1/auth/me").catch(() => undefined);
      retryLater();
    });

    // An established websocket can take most of a minute to notice a dead network; the browser knows at once.
    const onOnline = () => {
      setConnection((previous) => ({ ...previous, browserOffline: false }));
      if (!uiSocket.connected) uiSocket.connect();
    };
    const onOffline = () => {
      setConnection((previous) => ({ ...previous, browserOffline: true }));
      uiSocket.disconnect();
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    if (!navigator.onLine) onOffline();

    return () => {
      if (retryTimer) clearTimeout(retryTimer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      uiSocket.removeAllListeners();
      uiSocket.disconnect();
      socketRef.current = null;
      sentKeyRef.current = null;
      setSocket(null);
    };
  }, [sendSubscription]);

  const value = useMemo(() => ({ socket, connection, claimSubscription }), [socket, connection, claimSubscription]);
  return <LiveContext value={value}>{children}</LiveContext>;
}
