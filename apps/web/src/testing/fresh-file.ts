// The suite runs without per-file isolation (vitest.config.ts: `isolate: false`): a jsdom window and a worker
// for all files, instead of a new process and a new jsdom for each of 138 files (that took three quarters of
// the suite's time, at two cores). What isolation gave each file is given back here, before it runs: its own
// instances of the app's modules (so module state such as the loaded translation chunks starts afresh), empty
// web storage, an empty document and a fresh fake IndexedDB for the files that use one.
import { readFileSync } from 'node:fs';
import * as fakeIndexedDb from 'fake-indexeddb';
import { expect, vi } from 'vitest';

/** What fake-indexeddb/auto defines on the global object. */
const INDEXED_DB_GLOBALS = [
  'indexedDB',
  'IDBCursor',
  'IDBCursorWithValue',
  'IDBDatabase',
  'IDBFactory',
  'IDBIndex',
  'IDBKeyRange',
  'IDBObjectStore',
  'IDBOpenDBRequest',
  'IDBRecord',
  'IDBRequest',
  'IDBTransaction',
  'IDBVersionChangeEvent',
];

vi.resetModules();
vi.useRealTimers();
vi.restoreAllMocks();
// A file may ask for the node environment instead (`@vitest-environment node`): no window there.
if (typeof document !== 'undefined') {
  localStorage.clear();
  sessionStorage.clear();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  document.title = '';
}
// IndexedDB only for the files that import fake-indexeddb/auto, as in a jsdom of their own: the app keeps
// things in it (and seals the tab's session) only where there is one. Node runs fake-indexeddb/auto once per
// worker, so its globals are put here again for each such file, with a factory (databases) of the file's own.
for (const name of INDEXED_DB_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
const testFile = expect.getState().testPath;
if (testFile !== undefined && readFileSync(testFile, 'utf8').includes("'fake-indexeddb/auto'")) {
  const fresh: Record<string, unknown> = { ...fakeIndexedDb, indexedDB: new fakeIndexedDb.IDBFactory() };
  for (const name of INDEXED_DB_GLOBALS) {
    // As fake-indexeddb/auto defines them: writable, so that a test may replace one.
    Object.defineProperty(globalThis, name, {
      value: fresh[name],
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}
