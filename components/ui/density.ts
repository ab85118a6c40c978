/**
 * How tightly the dashboard packs rows: a display choice of this browser (localStorage), shown
 * as `data-density="compact"` on <html>, which app/globals.css and the virtual tables read.
 */
export type Density = "comfortable" | "compact";

export const DENSITY_STORAGE_KEY = "vigil.density";

export const DENSITY_OPTIONS: readonly { value: Density; label: string }[] = [
  { value: "comfortable", label: "Comfortable" },
  { value: "compact", label: "Compact" },
];

/** Whatever was stored (another version's value, a hand edit, nothing) reads as a valid density. */
export function parseDensity(value: string | null | undefined): Density {
  return value === "compact" ? "compact" : "comfortable";
}
