import type { Page } from "playwright-core";
import { inputRoundTrip, longTasksSince, pageNow, summariseBlocking, withTimeout, type BlockingSummary } from "./ui-browser";

/**
 * The pages the UI benchmark opens, what "showing real data" means on each, and what an
 * operator does there. Selectors are the ones the end-to-end tests use (data-testid, data-*,
 * ARIA roles), so they hold whichever way a page draws.
 */

export type InteractionResult = {
  name: string;
  /** Input to the answer on screen, ms; null when it never came. */
  responseMs: number | null;
  /** Longest single input round trip during it (typing: the slowest key), ms. */
  slowestInputMs: number | null;
  blocking: BlockingSummary;
  note?: string;
};

export type Interaction = { name: string; run: (page: Page) => Promise<Omit<InteractionResult, "name" | "blocking">> };

/** What the scenarios need to know about the fleet (names to search for exist at any size). */
export type FleetShape = { nodes: number };

export type PageScenario = {
  name: string;
  path: string;
  /** A page-side expression, true once the main content shows data from the server. */
  ready: string;
  interactions: Interaction[];
};

const TWO_FRAMES = "new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))";

/** Waits, polling every animation frame, for a page-side expression; returns the ms it took or null. */
async function timeUntil(page: Page, expression: string, timeoutMs: number, started = performance.now()): Promise<number | null> {
  const done = await page
    .waitForFunction(expression, undefined, { polling: "raf", timeout: timeoutMs })
    .then(() => true)
    .catch(() => false);
  return done ? performance.now() - started : null;
}

/** Types one key at a time, each a real key press; returns the slowest press's round trip. */
async function typeMeasured(page: Page, text: string): Promise<number | null> {
  let slowest = 0;
  for (const character of text) {
    const started = performance.now();
    const typed = await withTimeout(
      page.keyboard
        .type(character)
        .then(() => true)
        .catch(() => false),
      20_000,
      false,
    );
    if (!typed) return null;
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

/** Mouse moves along a path; the slowest move's round trip (each is answered once the renderer handled it). */
async function moveMeasured(page: Page, points: readonly { x: number; y: number }[]): Promise<number | null> {
  let slowest = 0;
  for (const point of points) {
    const started = performance.now();
    const moved = await withTimeout(
      page.mouse
        .move(point.x, point.y)
        .then(() => true)
        .catch(() => false),
      20_000,
      false,
    );
    if (!moved) return null;
    slowest = Math.max(slowest, performance.now() - started);
  }
  // The last move's handler may have scheduled a render: wait for the frame that shows it.
  await withTimeout(page.evaluate(TWO_FRAMES), 20_000, undefined);
  return slowest;
}

async function boxOf(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
  const element = page.locator(selector).first();
  await element.scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
  return element.boundingBox({ timeout: 5_000 }).catch(() => null);
}

/** Done when every node row shown matches, or the page says nothing matches. */
const nodesRowsShowing = (needle: string) => `(() => {
  if (document.body.textContent.includes("No node matches")) return true;
  const rows = [...document.querySelectorAll('[role="row"]')].filter((row) => row.textContent.includes("sim-"));
  return rows.length > 0 && rows.every((row) => row.textContent.includes(${JSON.stringify(needle)}));
})()`;

/** The simulator's node ids (agent/simulator/fleet-layout.ts): sim-<zone>-<index padded to at least 3 digits>. */
function nodeSearch(fleet: FleetShape): string {
  const width = Math.max(3, String(fleet.nodes).length);
  return `sim-b-${"0".repeat(Math.max(1, width - 3))}${width > 3 ? "1" : ""}`;
}

/** A replica group that exists at this size: shard-<number padded to at least 2 digits>. */
function groupSearch(fleet: FleetShape): string {
  const groups = Math.ceil(fleet.nodes / 3);
  const width = Math.max(2, String(groups).length);
  return `shard-${String(Math.min(42, groups)).padStart(width, "0")}`;
}

const overview: PageScenario = {
  name: "overview",
  path: "/",
  ready: `(() => {
    const tile = document.querySelector('a[href="/nodes?state=healthy"]');
    return Boolean(document.querySelector('a[href^="/nodes?zone="]')) && Boolean(tile) && /\\d/.test(tile.textContent);
  })()`,
  interactions: [],
};

const nodes = (fleet: FleetShape): PageScenario => ({
  name: "nodes",
  path: "/nodes",
  ready: `[...document.querySelectorAll('[role="row"]')].some((row) => row.textContent.includes("sim-"))`,
  interactions: [
    {
      name: "scroll to the bottom, then back up in 20 steps",
      async run(page) {
        const frames = await withTimeout(
          page.evaluate<{ jump: number; slowestStep: number; lastRowShown: boolean }>(`(async () => {
            const table = document.querySelector('[role="table"]');
            const frame = () => ${TWO_FRAMES};
            let started = performance.now();
            table.scrollTop = table.scrollHeight;
            await frame();
            const jump = performance.now() - started;
            const box = table.getBoundingClientRect();
            const lastRowShown = [...table.querySelectorAll('[role="row"]')].some((row) => {
              const rect = row.getBoundingClientRect();
              return row.textContent.includes("sim-") && rect.bottom <= box.bottom + 1 && rect.bottom >= box.bottom - 80;
            });
            let slowestStep = 0;
            for (let step = 0; step < 20; step++) {
              started = performance.now();
              table.scrollTop = Math.max(0, table.scrollTop - 2500);
              await frame();
              slowestStep = Math.max(slowestStep, performance.now() - started);
            }
            return { jump, slowestStep, lastRowShown };
          })()`),
          60_000,
          null,
        );
        if (!frames) return { responseMs: null, slowestInputMs: null, note: "the page did not answer" };
        return { responseMs: frames.jump, slowestInputMs: frames.slowestStep, note: frames.lastRowShown ? "bottom rows drawn" : "bottom rows NOT drawn" };
      },
    },
    {
      name: "sort by CPU (click the header)",
      async run(page) {
        const button = page.locator('[role="columnheader"] button', { hasText: /^CPU$/ });
        const started = performance.now();
        const clicked = await withTimeout(
          button
            .click({ timeout: 20_000 })
            .then(() => true)
            .catch(() => false),
          25_000,
          false,
        );
        const clickMs = performance.now() - started;
        if (!clicked) return { responseMs: null, slowestInputMs: null, note: "no CPU header button" };
        const shown = await timeUntil(page, `document.querySelector('[role="columnheader"][aria-sort="descending"]')?.textContent.includes("CPU")`, 20_000, started);
        await withTimeout(page.evaluate(TWO_FRAMES), 20_000, undefined);
        return { responseMs: shown === null ? null : performance.now() - started, slowestInputMs: clickMs };
      },
    },
    {
      name: `type "${nodeSearch(fleet)}" in the search box`,
      async run(page) {
        await page.locator('input[aria-label="Search nodes"]').click({ timeout: 20_000 });
        const slowestKey = await typeMeasured(page, nodeSearch(fleet));
        const started = performance.now();
        const shown = await timeUntil(page, nodesRowsShowing(nodeSearch(fleet)), 20_000, started);
        // What an operator waits for: from the last key to the filtered rows.
        return { responseMs: shown, slowestInputMs: slowestKey, note: "response: last key → filtered rows" };
      },
    },
  ],
});

const groups: PageScenario = {
  name: "load groups",
  path: "/groups",
  ready: `Boolean(document.querySelector('[data-testid="group-scatter"] [data-node-id], [data-testid="group-scatter"] canvas[data-points]:not([data-points="0"])'))`,
  interactions: [
    {
      name: "switch the X axis to memory",
      async run(page) {
        const started = performance.now();
        const chosen = await withTimeout(
          page
            .selectOption('select[aria-label="X axis metric"]', "mem", { timeout: 20_000 })
            .then(() => true)
            .catch(() => false),
          25_000,
          false,
        );
        const inputMs = performance.now() - started;
        if (!chosen) return { responseMs: null, slowestInputMs: null, note: "no X axis select" };
        await withTimeout(page.evaluate(TWO_FRAMES), 20_000, undefined);
        return { responseMs: performance.now() - started, slowestInputMs: inputMs };
      },
    },
    {
      name: "move the pointer across the scatter (30 moves)",
      async run(page) {
        const box = await boxOf(page, '[data-testid="group-scatter"]');
        if (!box) return { responseMs: null, slowestInputMs: null, note: "no scatter" };
        const points = Array.from({ length: 30 }, (_, i) => ({ x: box.x + box.width * (0.1 + (0.8 * i) / 29), y: box.y + box.height * (0.2 + 0.6 * ((i * 7) % 30) / 29) }));
        const started = performance.now();
        const slowest = await moveMeasured(page, points);
        return { responseMs: slowest === null ? null : performance.now() - started, slowestInputMs: slowest, note: "response: all 30 moves" };
      },
    },
  ],
};

const ring: PageScenario = {
  name: "ring",
  path: "/ring",
  ready: `Boolean(document.querySelector('[data-testid="ring-diagram"][data-arcs]:not([data-arcs="0"])')) && Boolean(document.querySelector('[data-testid="ring-ownership-table"] [data-group-id]'))`,
  interactions: [
    {
      name: "move the pointer around the ring (36 moves)",
      async run(page) {
        const box = await boxOf(page, '[data-testid="ring-diagram"]');
        if (!box) return { responseMs: null, slowestInputMs: null, note: "no ring diagram" };
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        const radius = (box.width / 2) * (184 / 230);
        const points = Array.from({ length: 36 }, (_, i) => ({ x: cx + radius * Math.sin((i / 36) * 2 * Math.PI), y: cy - radius * Math.cos((i / 36) * 2 * Math.PI) }));
        const started = performance.now();
        const slowest = await moveMeasured(page, points);
        return { responseMs: slowest === null ? null : performance.now() - started, slowestInputMs: slowest, note: "response: all 36 moves" };
      },
    },
    {
      name: 'look up the key "user:1042"',
      async run(page) {
        const input = page.locator('[data-testid="ring-lookup-input"]');
        const filled = await input
          .fill("user:1042", { timeout: 20_000 })
          .then(() => true)
          .catch(() => false);
        if (!filled) return { responseMs: null, slowestInputMs: null, note: "no lookup input" };
        const started = performance.now();
        await page.getByRole("button", { name: "Look up" }).click({ timeout: 20_000 }).catch(() => undefined);
        const inputMs = performance.now() - started;
        const shown = await timeUntil(page, `Boolean(document.querySelector('[data-testid="ring-key-marker"]'))`, 20_000, started);
        return { responseMs: shown, slowestInputMs: inputMs, note: "includes the lookup request" };
      },
    },
  ],
};

const replicaGroups = (fleet: FleetShape): PageScenario => ({
  name: "replica groups",
  path: "/replica-groups",
  ready: `Boolean(document.querySelector('[data-replica-group]'))`,
  interactions: [
    {
      name: `type "${groupSearch(fleet)}" in the filter`,
      async run(page) {
        const clicked = await page
          .locator('input[aria-label="Filter by group or node"]')
          .click({ timeout: 20_000 })
          .then(() => true)
          .catch(() => false);
        if (!clicked) return { responseMs: null, slowestInputMs: null, note: "no filter box" };
        const slowestKey = await typeMeasured(page, groupSearch(fleet));
        const started = performance.now();
        const shown = await timeUntil(
          page,
          `(() => { const cards = [...document.querySelectorAll('[data-replica-group]')]; return cards.length > 0 && cards.every((card) => card.getAttribute('data-replica-group').includes(${JSON.stringify(groupSearch(fleet))})); })()`,
          20_000,
          started,
        );
        return { responseMs: shown, slowestInputMs: slowestKey, note: "response: last key → filtered groups" };
      },
    },
  ],
});

export function pageScenarios(fleet: FleetShape): PageScenario[] {
  return [overview, nodes(fleet), groups, ring, replicaGroups(fleet)];
}

/** Runs one interaction and collects the long tasks it caused. */
export async function measureInteraction(page: Page, interaction: Interaction): Promise<InteractionResult> {
  const since = (await pageNow(page)) ?? 0;
  const outcome = await interaction.run(page);
  // Long tasks are reported after they end; give the last one a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const until = (await pageNow(page)) ?? Number.POSITIVE_INFINITY;
  return { name: interaction.name, ...outcome, blocking: summariseBlocking(await longTasksSince(page, since, until)) };
}

/**
 * "Interactive": the main content shows real data and then three input round trips in a row,
 * 100 ms apart, are each answered within `quickMs`. Returns when that happened, in ms from
 * `navigationStarted`, or null at `timeoutMs`.
 */
export async function waitUntilInteractive(
  page: Page,
  scenario: PageScenario,
  navigationStarted: number,
  timeoutMs: number,
  quickMs: number,
): Promise<{ readyMs: number | null; interactiveMs: number | null }> {
  const deadline = navigationStarted + timeoutMs;
  const readyMs = await timeUntil(page, scenario.ready, Math.max(1, deadline - performance.now()), navigationStarted);
  if (readyMs === null) return { readyMs: null, interactiveMs: null };
  let quickInARow = 0;
  let firstQuickAt = 0;
  while (performance.now() < deadline) {
    const probeStarted = performance.now();
    const roundTrip = await inputRoundTrip(page, Math.max(1, deadline - probeStarted));
    if (roundTrip !== null && roundTrip <= quickMs) {
      if (quickInARow === 0) firstQuickAt = probeStarted + roundTrip;
      quickInARow += 1;
      if (quickInARow === 3) return { readyMs, interactiveMs: firstQuickAt - navigationStarted };
      await new Promise((resolve) => setTimeout(resolve, 100));
    } else {
      quickInARow = 0;
    }
  }
  return { readyMs, interactiveMs: null };
}
