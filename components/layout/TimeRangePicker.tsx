"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { parseTimeRange, TIME_RANGES, type TimeRange } from "./time-range";

/** "auto" stands for no `?range=`: the charts show the data there is. */
type PickerValue = TimeRange | "auto";
const OPTIONS: readonly { value: PickerValue; label: string }[] = [{ value: "auto", label: "auto" }, ...TIME_RANGES.map((range) => ({ value: range, label: range }))];

/** The range in the URL (`?range=`), or null when none is chosen; and a setter that keeps the rest of the URL. */
export function useTimeRange(): [TimeRange | null, (range: TimeRange | null) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const range = parseTimeRange(params.get("range"));
  const setRange = useCallback(
    (next: TimeRange | null) => {
      const query = new URLSearchParams(params.toString());
      if (next === null) query.delete("range");
      else query.set("range", next);
      const search = query.toString();
      // replace, not push: flipping through ranges should not fill the back button.
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  return [range, setRange];
}

/**
 * The dashboard's time range, for the header of every page with time charts: one choice in the
 * URL, so it survives a reload and travels with a link.
 */
export function TimeRangePicker({ title }: { title?: string }) {
  const [range, setRange] = useTimeRange();
  return (
    <span className="inline-flex items-center gap-2" data-testid="time-range-picker" data-range={range ?? "auto"} title={title ?? "Time range of the charts (auto: the data there is, 15 minutes at least)"}>
      <SegmentedControl<PickerValue> label="Time range" options={OPTIONS} value={range ?? "auto"} onChange={(value) => setRange(value === "auto" ? null : value)} />
    </span>
  );
}
