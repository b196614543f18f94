import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU and memory of processes from /proc (Linux only): utime + stime from
 * /proc/<pid>/stat, VmRSS from /proc/<pid>/status. No dependency needed.
 */

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 is the value on every Linux this runs on.
}

/** CPU seconds (user + system) the process has used so far, or null if it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / clkTck;
  } catch {
    return null;
  }
}

/** Resident set size in MiB, or null if the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Machine-wide CPU seconds so far (all cores): busy (user, nice, system, irq, softirq) and steal. */
export function machineCpu(): { busy: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return { busy: (user + nice + system + irq + softirq) / clkTck, steal: (steal ?? 0) / clkTck };
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Direct children of `pid`. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n) && parentOf(Number(n)) === pid).map(Number);
}

/** Direct children of this process whose command line contains `match`. */
export function childPids(match: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (parentOf(pid) !== process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(match)) out.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/**
 * The pid of the one child process (matching `match`) that is not in `before`:
 * the helpers that start servers do not expose pids.
 */
export function newChildPid(before: ReadonlySet<number>, match: string): number {
  const fresh = childPids(match).filter((p) => !before.has(p));
  if (fresh.length !== 1) throw new Error(`expected one new "${match}" child process, found ${fresh.length}`);
  return fresh[0];
}

/** CPU used on the whole machine during a window, % of one core. */
export interface MachineUsage {
  busyPct: number;
  /** busy minus the sampled processes: other work sharing the machine (noise). */
  othersPct: number;
  /** Time the hypervisor gave to other guests. */
  stealPct: number;
  loadAvg1: number;
}

export interface ProcUsage {
  label: string;
  pid: number;
  /** Average CPU over the window, % of one core. */
  cpuPct: number;
  /** CPU time used inside the windows, seconds (user + system). */
  cpuS: number;
  /** Highest RSS sampled during the window, MiB. */
  rssPeakMb: number;
}

/**
 * Samples a set of processes over one or more windows (start() … stop(), repeated):
 * CPU is the CPU time used inside the windows divided by their total length, RSS
 * the highest of samples taken every `everyMs` inside them.
 */
export class ProcSampler {
  private t0 = 0;
  private seconds = 0;
  private cpu0 = new Map<number, number>();
  private used = new Map<number, number>();
  private peak = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private machine0 = { busy: 0, steal: 0 };
  private machineBusy = 0;
  private machineSteal = 0;

  constructor(
    private readonly procs: ReadonlyArray<{ label: string; pid: number }>,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.t0 = performance.now();
    this.machine0 = machineCpu();
    for (const p of this.procs) this.cpu0.set(p.pid, cpuSeconds(p.pid) ?? NaN);
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  private sample(): void {
    for (const p of this.procs) {
      const r = rssMb(p.pid);
      if (r !== null && r > (this.peak.get(p.pid) ?? 0)) this.peak.set(p.pid, r);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    this.seconds += (performance.now() - this.t0) / 1000;
    const m = machineCpu();
    this.machineBusy += m.busy - this.machine0.busy;
    this.machineSteal += m.steal - this.machine0.steal;
    for (const p of this.procs) {
      const d = (cpuSeconds(p.pid) ?? NaN) - (this.cpu0.get(p.pid) ?? NaN);
      this.used.set(p.pid, (this.used.get(p.pid) ?? 0) + d);
    }
  }

  /** Totals over every window so far. */
  result(): { procs: ProcUsage[]; machine: MachineUsage } {
    const procs = this.procs.map((p) => ({
      label: p.label,
      pid: p.pid,
      cpuPct: (100 * (this.used.get(p.pid) ?? NaN)) / this.seconds,
      cpuS: this.used.get(p.pid) ?? NaN,
      rssPeakMb: this.peak.get(p.pid) ?? NaN,
    }));
    const busyPct = (100 * this.machineBusy) / this.seconds;
    return {
      procs,
      machine: {
        busyPct,
        othersPct: busyPct - procs.reduce((sum, u) => sum + (Number.isFinite(u.cpuPct) ? u.cpuPct : 0), 0),
        stealPct: (100 * this.machineSteal) / this.seconds,
        loadAvg1: os.loadavg()[0],
      },
    };
  }
}
