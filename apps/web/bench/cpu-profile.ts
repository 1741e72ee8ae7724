// Where the time of a measured interaction goes: Chromium's sampling CPU profiler over CDP, started just before
// the input and stopped after its frame, summed over several interactions by function (self time: the time
// spent in the function itself, not in what it calls), so that a bench can say what to make faster.

import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  /** The function ('(program)', '(garbage collector)', '(idle)' for the engine's own). */
  name: string;
  /** File:line:column in the served app. */
  where: string;
  /** Self time per profiled interaction, ms. */
  selfMsPerOpen: number;
  /** Total time (itself and what it calls) per profiled interaction, ms. */
  totalMsPerOpen: number;
}

/** Starts the profiler in `page`; `stop()` ends it and returns the profile. */
export async function startProfile(page: Page): Promise<{ stop(): Promise<CpuProfile> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
      await session.detach();
      return profile;
    },
  };
}

export class ProfileTotals {
  readonly #self = new Map<string, { name: string; where: string; us: number; totalUs: number }>();
  #profiles = 0;

  add(profile: CpuProfile): void {
    this.#profiles++;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    // Each sample's time is the delta to the next one (the last sample has none to measure).
    for (let i = 0; i < samples.length - 1; i++) {
      const delta = deltas[i + 1] ?? 0;
      // The sampled function (self time), then every caller once (total time; recursion counted once).
      const seen = new Set<string>();
      for (let id: number | undefined = samples[i]; id !== undefined; id = parents.get(id)) {
        const node = byId.get(id);
        if (!node) break;
        const entry = this.#entry(node);
        const key = `${entry.name}\u0000${entry.where}`;
        if (id === samples[i]) entry.us += delta;
        if (!seen.has(key)) entry.totalUs += delta;
        seen.add(key);
      }
    }
  }

  #entry(node: ProfileNode): { name: string; where: string; us: number; totalUs: number } {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where =
      url === '' ? '' : `${url.replace(/^.*\/assets\//, '')}:${lineNumber + 1}:${columnNumber + 1}`;
    const key = `${name}\u0000${where}`;
    let entry = this.#self.get(key);
    if (!entry) {
      entry = { name, where, us: 0, totalUs: 0 };
      this.#self.set(key, entry);
    }
    return entry;
  }

  /** The `count` functions with the most self time (or total time, of the app's own), idle left out. */
  top(count: number, by: 'self' | 'total' = 'self'): ProfileEntry[] {
    return [...this.#self.values()]
      .filter((entry) => entry.name !== '(idle)' && entry.name !== '(root)')
      .filter((entry) => by === 'self' || entry.where !== '')
      .sort((a, b) => (by === 'self' ? b.us - a.us : b.totalUs - a.totalUs))
      .slice(0, count)
      .map((entry) => ({
        name: entry.name,
        where: entry.where,
        selfMsPerOpen: perOpen(entry.us, this.#profiles),
        totalMsPerOpen: perOpen(entry.totalUs, this.#profiles),
      }));
  }
}

function perOpen(us: number, profiles: number): number {
  return Math.round((us / 1000 / Math.max(1, profiles)) * 10) / 10;
}
