import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_GROUPS } from "@/lib/grouping/settings";
import { GROUP_PALETTE, OUTLIER_RING_COLOR, groupColor } from "./group-colors";
import { STATE_STYLES } from "@/components/nodes/state-colors";

type Lab = [number, number, number];

function linearChannels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel) => {
    const fraction = channel / 255;
    return fraction <= 0.04045 ? fraction / 12.92 : ((fraction + 0.055) / 1.055) ** 2.4;
  });
  return [channels[0], channels[1], channels[2]];
}

/** CIE L*a*b* (D65): distances in it roughly follow how different two colours look. */
function toLab(hex: string): Lab {
  const [r, g, b] = linearChannels(hex);
  const x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
  const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
  const z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function colourDistance(first: string, second: string): number {
  const a = toLab(first);
  const b = toLab(second);
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function contrastRatio(first: string, second: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = linearChannels(hex);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** zinc-900, the panel background the colours are read on. */
const PANEL_BACKGROUND = "#18181b";

test("a group keeps its colour: the same id always maps to the same palette entry", () => {
  for (const id of [0, 1, 2, 7, 8, 9, 123]) {
    assert.equal(groupColor(id), GROUP_PALETTE[id % GROUP_PALETTE.length]);
    assert.ok((GROUP_PALETTE as readonly string[]).includes(groupColor(id)));
  }
  assert.equal(groupColor(1 + GROUP_PALETTE.length), groupColor(1));
});

test("odd ids still get a colour instead of undefined", () => {
  for (const id of [-1, -9, 2.7, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.ok((GROUP_PALETTE as readonly string[]).includes(groupColor(id)), `id ${id}`);
  }
});

test("as many groups as a run can form, with consecutive ids, all get different colours", () => {
  assert.ok(GROUP_PALETTE.length >= MAX_GROUPS);
  for (const first of [1, 5, 42]) {
    const colours = new Set(Array.from({ length: MAX_GROUPS }, (_, offset) => groupColor(first + offset)));
    assert.equal(colours.size, MAX_GROUPS, `ids ${first}..${first + MAX_GROUPS - 1}`);
  }
});

test("palette colours are told apart from each other", () => {
  for (let i = 0; i < GROUP_PALETTE.length; i++) {
    for (let j = i + 1; j < GROUP_PALETTE.length; j++) {
      const distance = colourDistance(GROUP_PALETTE[i], GROUP_PALETTE[j]);
      assert.ok(distance >= 30, `${GROUP_PALETTE[i]} and ${GROUP_PALETTE[j]} are too alike (ΔE ${distance.toFixed(0)})`);
    }
  }
});

test("no group colour can be mistaken for a node state, and all are readable on the dark theme", () => {
  const meaningful = [STATE_STYLES.healthy, STATE_STYLES.suspect, STATE_STYLES.down, STATE_STYLES.maintenance];
  for (const colour of GROUP_PALETTE) {
    for (const state of meaningful) {
      const distance = colourDistance(colour, state.hex);
      assert.ok(distance >= 35, `${colour} looks like ${state.label} (${state.hex}, ΔE ${distance.toFixed(0)})`);
    }
    assert.ok(colourDistance(colour, STATE_STYLES.unknown.hex) >= 30, `${colour} looks like Unknown grey`);
    assert.ok(contrastRatio(colour, PANEL_BACKGROUND) >= 4.5, `${colour} is too dark to read on ${PANEL_BACKGROUND}`);
  }
});

test("the outlier ring stands out from every group colour", () => {
  for (const colour of GROUP_PALETTE) {
    assert.ok(colourDistance(colour, OUTLIER_RING_COLOR) >= 35, `${colour} hides the outlier ring`);
  }
});
