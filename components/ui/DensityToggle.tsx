"use client";

import { DENSITY_OPTIONS } from "./density";
import { SegmentedControl } from "./SegmentedControl";
import { useDensity } from "./use-density";

/** Comfortable or compact rows, for this browser. */
export function DensityToggle() {
  const [density, setDensity] = useDensity();
  return <SegmentedControl label="Density" options={DENSITY_OPTIONS} value={density} onChange={setDensity} />;
}
