import { memo } from "react";

type SparklineProps = {
  /** Oldest first. */
  values: readonly number[];
  /** How many values fill the width; fewer are drawn right-aligned, like a chart that is filling up. */
  capacity: number;
  width?: number;
  height?: number;
  /** Values are fractions 0..1 unless a max is given. */
  max?: number;
  color?: string;
  /** Changes whenever `values` was appended to in place, so memo doesn't hide new points. */
  version?: number;
};

/** A bare SVG polyline: a table of thousands of rows can't afford a chart library per row. */
function SparklineImpl({ values, capacity, width = 96, height = 22, max = 1, color = "#38bdf8" }: SparklineProps) {
  if (values.length < 2) {
    return <svg width={width} height={height} aria-hidden className="block" />;
  }
  const step = width / Math.max(1, capacity - 1);
  const offset = width - (values.length - 1) * step;
  const points = values
    .map((value, index) => {
      const x = offset + index * step;
      const y = height - 1 - Math.min(1, Math.max(0, value / max)) * (height - 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    <svg width={width} height={height} aria-hidden className="block">
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.25} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

export const Sparkline = memo(SparklineImpl);
