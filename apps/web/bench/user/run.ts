// The web app as a user sees it: every action timed inside the page from the trusted input (pointerdown,
// keydown or wheel, taken by a capturing listener) to the frame in which its result is painted, in a freshly
// started Debian Chromium, against the real proxy and a Dovecot on loopback whose INBOX and Big folder hold 20,
// 10,000 and 100,000 messages in turn. Written to bench-results/web-user.json (or the first argument; every
// sample with its phases and round trips beside it, in web-user-samples.json), with a Markdown table on
// stderr at the end.
//
//   pnpm exec tsx apps/web/bench/user/run.ts [out.json] [--sizes 20,10000,100000] [--samples 10] [--no-build]
//                                            [--only signin,switch,open,scroll,search,flag,read,move,background,remember,server]
//                                            [--variant full|courier|cyrus]   (the testbed's layouts: issue 13)
//
// What is measured and how: page-probe.ts (t0 and the painted frame, the taps), phases.ts (where the time
// goes), results.ts (the JSON of one action), the measure-*.ts files (each action), mailbox.ts (the mailbox
// and how a folder is made cold for Dovecot).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchChromium } from '../../e2e/chromium.ts';
import { serveApp } from '../../e2e/serve-app.ts';
import { log, type BenchContext } from './context.ts';
import { UserMailbox } from './mailbox.ts';
import { move, search, toggle } from './measure-actions.ts';
import { background } from './measure-background.ts';
import {
  scroll,
  signInCold,
  signInWarm,
  signedInTab,
  switchFolder,
  type FirstVisit,
} from './measure-list.ts';
import { openMessages } from './measure-open.ts';
import { remember, type RememberResults } from './measure-remember.ts';
import { serverCosts, type CommandCost } from './server-costs.ts';
import { GOALS, ROUNDCUBE, markdownTable, rememberTable, type SizeActions } from './report.ts';

const webRoot = resolve(import.meta.dirname, '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '20,10000,100000' },
    samples: { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string' },
    variant: { type: 'string', default: 'full' },
  },
});
const MEASURES = [
  'signin',
  'switch',
  'open',
  'scroll',
  'search',
  'flag',
  'read',
  'move',
  'background',
  'remember',
  'server',
];
const ONLY = values.only?.split(',') ?? MEASURES;
if (ONLY.some((name) => !MEASURES.includes(name))) throw new Error(`--only takes ${MEASURES.join(',')}`);
const want = (name: string) => ONLY.includes(name);
/** The measures that share one signed-in tab. */
const TAB_MEASURES = ['switch', 'open', 'scroll', 'search', 'flag', 'read', 'move', 'background'];
const VARIANTS = ['full', 'no-move-uidplus', 'courier', 'cyrus'] as const;
const VARIANT = VARIANTS.find((v) => v === values.variant);
if (VARIANT === undefined) throw new Error(`--variant takes ${VARIANTS.join(', ')}`);
const SIZES = values.sizes.split(',').map(Number);
const SAMPLES = Number(values.samples);
const out = resolve(positionals[0] ?? resolve(webRoot, '../../bench-results/web-user.json'));
const detailOut = out.replace(/\.json$/, '') + '-samples.json';
if (SIZES.some((n) => !Number.isInteger(n) || n < 10) || !(SAMPLES >= 1)) {
  throw new Error('--sizes takes whole numbers of at least 10, --samples a number of at least 1');
}

const load = () => loadavg().map((n) => Math.round(n * 100) / 100);
const started = Date.now();
const environment = {
  chromium: '',
  node: process.version,
  cpus: cpus().length,
  variant: VARIANT,
  samples: SAMPLES,
  loadAverageAtStart: load(),
  loadAverageAtEnd: [] as number[],
  durationS: 0,
};

if (!values['no-build']) {
  log('building the app');
  await build({ root: webRoot, logLevel: 'warn' });
  // As `pnpm build` does: the proxy serves these .br/.gz siblings, so the first visit is measured as shipped.
  execFileSync(resolve(webRoot, 'node_modules/.bin/webmail-precompress'), ['dist'], { cwd: webRoot });
}
{
  const probe = await launchChromium();
  environment.chromium = probe.version();
  await probe.close();
}

interface SizeResult {
  readonly mailbox: { inbox: number; big: number; setupSeconds: number };
  readonly loadAverage: { start: number[]; end: number[] };
  readonly firstVisit: FirstVisit | null;
  readonly actions: SizeActions;
  /** The mirror's promises (measure-remember.ts): reload to first rows, reconcile, size. */
  readonly remember: RememberResults | null;
  /** The commands behind the slow actions and their alternatives, timed without the app (server-costs.ts). */
  readonly server: Record<string, CommandCost[]> | null;
}

const sizes: Record<string, SizeResult> = {};
const bySize = new Map<number, SizeActions>();
const rememberedBySize = new Map<number, RememberResults | null>();

/** The results without each action's samples, and the samples apart (results.ts `detail`). */
function split(): { summary: Record<string, unknown>; detail: Record<string, unknown> } {
  const summary: Record<string, unknown> = {};
  const detail: Record<string, unknown> = {};
  for (const [size, result] of Object.entries(sizes)) {
    const actions: Record<string, unknown> = {};
    const samples: Record<string, unknown> = {};
    for (const [name, action] of Object.entries(result.actions)) {
      if (!action) continue;
      const { detail: kept, ...rest } = action;
      actions[name] = rest;
      samples[name] = kept;
    }
    summary[size] = { ...result, actions };
    detail[size] = samples;
  }
  return { summary, detail };
}

function write(): void {
  environment.loadAverageAtEnd = load();
  environment.durationS = Math.round((Date.now() - started) / 1000);
  const result = {
    name: 'web-user',
    date: new Date().toISOString(),
    environment,
    method: {
      t0: 'event.timeStamp of the first trusted pointerdown/keydown/wheel of the action, in a capturing listener on window',
      end:
        'a task posted from the requestAnimationFrame callback that follows the DOM showing the expected ' +
        'content: the end of the frame that paints it; for the mail frame, the later of that and the frame ' +
        "document's own first-contentful-paint (presentation time), on the app's clock through timeOrigin",
      warm: 'samples after the first of the kind in the tab; `first` is that first one',
      bytes:
        'WebSocket payload plus frame headers both ways from the input until the app is quiet (no frame for ' +
        '300 ms, no progress bar); HTTP as transferred (headers and body) in the same span',
      cold:
        "Dovecot cold: the folder's dovecot.index.cache removed before the sample (the kernel's page cache " +
        'stays warm)',
    },
    sizes: split().summary,
    goals: GOALS,
    roundcube: ROUNDCUBE,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(detailOut, `${JSON.stringify({ name: 'web-user-samples', sizes: split().detail })}\n`);
}

for (const size of SIZES) {
  const loadStart = load();
  log(`\n== ${size} messages (load ${loadStart.join(' ')}): starting Dovecot and filling INBOX and Big`);
  const mailbox = await UserMailbox.create(size, VARIANT);
  log(`mailbox ready in ${mailbox.setupSeconds} s`);
  const { appUrl, proxy } = await serveApp(mailbox.server, { log: () => undefined });
  const ctx: BenchContext = {
    appUrl,
    mailbox,
    inbox: await mailbox.order('INBOX'),
    big: await mailbox.order(mailbox.server.folderName('Big')),
    samples: SAMPLES,
  };
  const actions: SizeActions = {};
  let firstVisit: FirstVisit | null = null;
  let server: Record<string, CommandCost[]> | null = null;
  let remembered: RememberResults | null = null;
  try {
    if (want('signin')) {
      log('cold sign-in (a fresh Chromium each)');
      const cold = await signInCold(ctx);
      actions.signInCold = cold.result;
      firstVisit = cold.firstVisit;
      log('warm sign-in');
      actions.signInWarm = await signInWarm(ctx);
    }
    const tab = TAB_MEASURES.some(want) ? await signedInTab(ctx) : null;
    if (tab) {
      try {
        if (want('switch')) {
          log('folder switch');
          actions.switch = await switchFolder(ctx, tab);
        }
        if (want('open')) {
          log('opening messages');
          const opened = await openMessages(ctx, tab);
          actions.openPlain = opened.get('plain');
          actions.openGbk = opened.get('gbk');
          actions.openKoi8r = opened.get('koi8r');
          actions.openAttachment = opened.get('attachment');
          actions.openNewsletter = opened.get('newsletter');
        }
        if (want('scroll') && size > 100) {
          log('scrolling');
          const scrolled = await scroll(ctx, tab);
          actions.scroll5000 = scrolled.to5000;
          actions.scrollOldest = scrolled.oldest;
        }
        if (want('search')) {
          log('quick search');
          actions.search = await search(ctx, tab);
        }
        log('flag, read, move');
        if (want('flag')) actions.flag = await toggle(ctx, tab, 'flag');
        if (want('read')) actions.read = await toggle(ctx, tab, 'read');
        if (want('move')) actions.move = await move(ctx, tab);
        if (want('background') && size >= 10_000) {
          log('while a sort runs');
          Object.assign(actions, await background(ctx, tab));
        }
      } finally {
        await tab.close();
      }
    }
    if (want('remember') && VARIANT === 'full') {
      // Its own Chromium, after the others: its other client changes INBOX (never the bench's messages). Its
      // other client reads the server's order with SORT: the full layout only.
      log('the mirror (remember)');
      remembered = await remember(ctx);
    }
    if (want('server')) {
      log('server costs');
      const [first] = await mailbox.searchWords(ctx.inbox.path);
      // Generated messages only: the open measures' targets keep their UIDs. The move measure gave some of
      // them new UIDs, so serverCosts picks the first one still there.
      const generated = ctx.inbox.order.filter(
        (uid) => ![...mailbox.targets.values()].some((t) => t.uid === uid),
      );
      if (first && generated.length > 0) server = await serverCosts(mailbox.server, first.word, generated);
    }
  } finally {
    // What was measured is written even when a later measure failed (the failure still ends the run).
    sizes[String(size)] = {
      mailbox: {
        inbox: ctx.inbox.order.length,
        big: ctx.big.order.length,
        setupSeconds: mailbox.setupSeconds,
      },
      loadAverage: { start: loadStart, end: load() },
      firstVisit,
      actions,
      remember: remembered,
      server,
    };
    bySize.set(size, actions);
    rememberedBySize.set(size, remembered);
    write();
    await proxy.close();
    await mailbox.close();
  }
}

write();
log(`\n${markdownTable(SIZES, bySize)}`);
if (want('remember')) log(`\n${rememberTable(SIZES, rememberedBySize)}`);
log(
  `\nload average ${environment.loadAverageAtStart.join(' ')} at the start, ` +
    `${environment.loadAverageAtEnd.join(' ')} at the end; ${environment.durationS} s -> ${out}`,
);
