"use client";

import { useCallback, useSyncExternalStore } from "react";
import { DENSITY_STORAGE_KEY, parseDensity, type Density } from "./density";

const listeners = new Set<() => void>();
let restored = false;

function stored(): string | null {
  try {
    return window.localStorage.getItem(DENSITY_STORAGE_KEY);
  } catch {
    // Storage refused (private mode, policy): the default density it is.
    return null;
  }
}

function apply(density: Density): void {
  if (density === "compact") document.documentElement.dataset.density = "compact";
  else delete document.documentElement.dataset.density;
  for (const listener of listeners) listener();
}

function onStorage(event: StorageEvent): void {
  if (event.key === DENSITY_STORAGE_KEY) apply(parseDensity(event.newValue));
}

function subscribe(listener: () => void): () => void {
  // The first subscriber restores the stored choice: the server renders without it, and a
  // script before hydration would need the page's CSP nonce for a cosmetic choice.
  if (!restored) {
    restored = true;
    apply(parseDensity(stored()));
    window.addEventListener("storage", onStorage);
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const current = (): Density => parseDensity(document.documentElement.dataset.density);
const onServer = (): Density => "comfortable";

/** This browser's density and a setter that stores it and applies it to every open tab. */
export function useDensity(): [Density, (density: Density) => void] {
  const density = useSyncExternalStore(subscribe, current, onServer);
  const setDensity = useCallback((next: Density) => {
    try {
      window.localStorage.setItem(DENSITY_STORAGE_KEY, next);
    } catch {
      // Not stored, still applied to this page.
    }
    apply(next);
  }, []);
  return [density, setDensity];
}
