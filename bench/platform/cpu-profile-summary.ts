import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/*
 * Reads V8 `.cpuprofile` files (what `node --cpu-prof` writes at exit) and says where each process
 * spent its CPU: the top functions by self time (function, url:line, ms, % of the busy time), and
 * the same time by package (kafkajs, typeorm, ajv, pino, @opentelemetry/…, our libs and services):
 * self; charged to the innermost package on the stack (so a socket write or a JSON.parse counts
 * for the library that asked for it, not for node); and inclusive (a sample counts once for every
 * package on its stack).
 * A window limits the summary to the samples taken inside it: profile timestamps are the monotonic
 * clock in microseconds, the clock `process.hrtime` reads, so the rush marks its phases with it.
 *   node -r @swc-node/register bench/platform/cpu-profile-summary.ts <dir of .cpuprofile> [out.json] [windows.json]
 * (windows.json: a summary the rush wrote, whose `windows` are used again.)
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  name: string;
  /** Monotonic clock, microseconds (`process.hrtime.bigint() / 1000n`). */
  fromMicros: number;
  toMicros: number;
  /** Operations (decisions, uploads) the bench completed in the window, to give busy ms per operation. */
  operations?: number;
}

export interface TimeShare {
  name: string;
  ms: number;
  percentOfBusy: number;
}

export interface WindowSummary {
  window: string;
  sampledMs: number;
  busyMs: number;
  /**
   * Busy time over the window's length: 100 is one core the whole time. V8 samples by the wall
   * clock, so on a loaded machine a descheduled thread's work-in-progress counts too: the shares
   * are the reading, absolute CPU comes from /proc.
   */
  busyPercentOfOneCore: number;
  garbageCollectorMs: number;
  operations?: number;
  busyMsPerOperation?: number;
  topSelf: (TimeShare & { url: string })[];
  selfByPackage: TimeShare[];
  /** Self time charged to the innermost frame of a package or of our code: node's modules and native code count for their caller. */
  byCallingPackage: TimeShare[];
  /** Packages (node's own and native code left out) by the time they were anywhere on the stack. */
  inclusiveByPackage: TimeShare[];
}

/** Frames that are not the program's work: waiting for I/O, or V8 with no JavaScript on the stack. */
const IDLE = new Set(['(idle)', '(root)']);
const NATIVE = '(native: node bindings, V8 builtins)';
/** Node's own modules and native code: charged to their caller in byCallingPackage, left out of inclusive. */
const isRuntime = (name: string) => name.startsWith('node:') || name === NATIVE;

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * What a frame belongs to: the npm package (after the last node_modules/), node's own module
 * group, our lib or service (two path segments below the repository or the built artefact), or
 * V8's pseudo-frames and builtins (no url).
 */
export function packageOf(frame: CallFrame, roots: readonly string[]): string {
  const { url, functionName } = frame;
  // No url: V8's pseudo-frames ("(garbage collector)", "(program)") or native code (node's C++
  // bindings such as a socket's writev, V8 builtins such as JSON.parse).
  if (url === '') return functionName.startsWith('(') ? functionName : NATIVE;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const path = url.replace(/^file:\/\//, '');
  const root = roots.find((candidate) => path.startsWith(`${candidate}/`));
  const inside = root ? relative(root, path) : path;
  return inside.split('/').slice(0, 2).join('/');
}

function locationOf(frame: CallFrame, roots: readonly string[]): string {
  if (frame.url === '') return '';
  const path = frame.url.replace(/^file:\/\//, '');
  const root = roots.find((candidate) => path.startsWith(`${candidate}/`));
  const shown = root ? relative(root, path) : path.replace(/^.*\/node_modules\//, 'node_modules/');
  return `${shown}:${frame.lineNumber + 1}`;
}

function top(totals: Map<string, number>, busyMs: number, count: number): TimeShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: round1(ms), percentOfBusy: round1((100 * ms) / Math.max(busyMs, 1e-9)) }));
}

/**
 * One profile, over a window (or the whole profile). A sample's time is the interval until the
 * next sample (the last one's, until the profile's end), attributed to the frame it caught.
 * `roots` are the directories our own code runs from (the repository, the built artefact).
 */
export function summariseProfile(profile: CpuProfile, roots: readonly string[], window?: ProfileWindow, topCount = 20): WindowSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // The packages on a node's stack, each once, computed once per node (stacks repeat across samples).
  const stacks = new Map<number, string[]>();
  const packagesOnStack = (id: number): string[] => {
    let names = stacks.get(id);
    if (!names) {
      const onStack: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const frame = (byId.get(at) as ProfileNode).callFrame;
        const name = packageOf(frame, roots);
        if (frame.functionName !== '(root)' && !onStack.includes(name)) onStack.push(name);
      }
      names = onStack;
      stacks.set(id, names);
    }
    return names;
  };
  const from = window?.fromMicros ?? profile.startTime;
  const to = window?.toMicros ?? profile.endTime;

  const selfByFrame = new Map<string, { ms: number; url: string }>();
  const selfByPackage = new Map<string, number>();
  const byCallingPackage = new Map<string, number>();
  const inclusiveByPackage = new Map<string, number>();
  let sampledMs = 0;
  let busyMs = 0;
  let garbageCollectorMs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1] : profile.endTime;
    if (at < from || at >= to) continue;
    const ms = Math.max(0, next - at) / 1000;
    sampledMs += ms;
    const node = byId.get(profile.samples[i]);
    if (!node || IDLE.has(node.callFrame.functionName)) continue;
    busyMs += ms;
    if (node.callFrame.functionName === '(garbage collector)') garbageCollectorMs += ms;
    const frameKey = `${node.callFrame.functionName || '(anonymous)'}\u0000${locationOf(node.callFrame, roots)}`;
    const frame = selfByFrame.get(frameKey) ?? { ms: 0, url: locationOf(node.callFrame, roots) };
    frame.ms += ms;
    selfByFrame.set(frameKey, frame);
    const own = packageOf(node.callFrame, roots);
    selfByPackage.set(own, (selfByPackage.get(own) ?? 0) + ms);
    const onStack = packagesOnStack(node.id);
    // Innermost first: the first one that is not node's or native code is who asked for the work.
    const caller = onStack.find((name) => !isRuntime(name)) ?? own;
    byCallingPackage.set(caller, (byCallingPackage.get(caller) ?? 0) + ms);
    for (const name of onStack) if (!isRuntime(name)) inclusiveByPackage.set(name, (inclusiveByPackage.get(name) ?? 0) + ms);
  }
  const windowMs = Math.max(0, Math.min(to, profile.endTime) - Math.max(from, profile.startTime)) / 1000;
  const operations = window?.operations;
  return {
    window: window?.name ?? 'whole profile',
    sampledMs: round1(sampledMs),
    busyMs: round1(busyMs),
    busyPercentOfOneCore: round1((100 * busyMs) / Math.max(windowMs, 1e-9)),
    garbageCollectorMs: round1(garbageCollectorMs),
    ...(operations ? { operations, busyMsPerOperation: round1(busyMs / operations) } : {}),
    topSelf: [...selfByFrame]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, topCount)
      .map(([key, { ms, url }]) => ({ name: key.split('\u0000')[0], url, ms: round1(ms), percentOfBusy: round1((100 * ms) / Math.max(busyMs, 1e-9)) })),
    selfByPackage: top(selfByPackage, busyMs, topCount),
    byCallingPackage: top(byCallingPackage, busyMs, topCount),
    inclusiveByPackage: top(inclusiveByPackage, busyMs, topCount),
  };
}

/** Every `<process>.cpuprofile` in `dir`, each summarised over the whole profile and over every window. */
export function summariseProfiles(dir: string, roots: readonly string[], windows: readonly ProfileWindow[] = []): Record<string, WindowSummary[]> {
  const summaries: Record<string, WindowSummary[]> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    summaries[basename(file, '.cpuprofile')] = [summariseProfile(profile, roots), ...windows.map((window) => summariseProfile(profile, roots, window))];
  }
  return summaries;
}

if (require.main === module) {
  const [dir, out, windowsFrom] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: cpu-profile-summary.ts <dir of .cpuprofile files> [out.json] [summary whose windows to use]');
    process.exit(2);
  }
  const windows = windowsFrom ? (JSON.parse(readFileSync(windowsFrom, 'utf8')) as { windows: ProfileWindow[] }).windows : [];
  const summary = summariseProfiles(dir, [join(__dirname, '..', '..')], windows);
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
