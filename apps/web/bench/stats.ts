// What a bench writes for each measure: every sample, the median and the extremes, in ms to 0.1. A sample
// that could not be taken is NaN (null in the JSON) and left out of the median and the extremes.

export interface Stats {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    samples: samples.map(round),
    median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}
