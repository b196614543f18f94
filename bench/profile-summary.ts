import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Summarises V8 .cpuprofile files (node --cpu-prof): self time per function,
 * and self time grouped by package / source area, highest first.
 * Usage: tsx bench/profile-summary.ts <file-or-dir> [top]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Time not idle (idle and program/GC rows separated out). */
  busyMs: number;
  gcMs: number;
  functions: ProfileRow[];
  areas: ProfileRow[];
}

function area(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? '(gc)' : fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url.includes('/dist/server.cjs')) return 'portline (dist/server.cjs)';
  return path.basename(url);
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, ms] of self) {
    const f = (byId.get(id) as ProfileNode).callFrame;
    total += ms;
    if (f.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    if (f.functionName === '(garbage collector)') gc += ms;
    const where = f.url ? `${area(f.url, f.functionName)}:${f.lineNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + ms);
    const a = area(f.url, f.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, pct: (100 * ms) / busy }));
  return { file, totalMs: total, busyMs: busy, gcMs: gc, functions: rows(fns), areas: rows(areas) };
}

export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
}

export function formatProfile(s: ProfileSummary, label = path.basename(s.file)): string {
  const lines = [
    `${label}: ${(s.totalMs / 1000).toFixed(1)} s profiled, ${(s.busyMs / 1000).toFixed(1)} s busy, GC ${(s.gcMs / 1000).toFixed(2)} s`,
    '  self time by area:',
    ...s.areas.map((r) => `    ${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`),
    '  top functions by self time:',
    ...s.functions.map((r) => `    ${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile | dir> [top]');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 15);
  const files = target.endsWith('.cpuprofile') ? [target] : profilesIn(target);
  for (const f of files) console.log(formatProfile(summarizeProfile(f, top)) + '\n');
}
