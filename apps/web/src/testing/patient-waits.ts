// The suites run on shared, sometimes loaded machines (CI, the two cores other suites also use). There a
// `vi.waitFor` with its 1 s default turns "slow" into "failed", and a flaky test is a failing one. Its timeout is
// a hang guard, never a timing assertion (timings belong in `pnpm bench`), so the default becomes 10 s; a test
// that names its own timeout keeps it.
import { vi } from 'vitest';

const HANG_GUARD_MS = 10_000;
// This file runs again before each test file in the same worker (isolate: false): wrap vitest's own once.
const ORIGINAL = Symbol.for('webmail.patient-waits.original');
const holder = vi as typeof vi & { [ORIGINAL]?: typeof vi.waitFor };
holder[ORIGINAL] ??= vi.waitFor.bind(vi);
const waitFor = holder[ORIGINAL];

vi.waitFor = ((callback: Parameters<typeof waitFor>[0], options?: Parameters<typeof waitFor>[1]) =>
  waitFor(
    callback,
    typeof options === 'number' ? options : { ...options, timeout: options?.timeout ?? HANG_GUARD_MS },
  )) as typeof vi.waitFor;
