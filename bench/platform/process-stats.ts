import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** What a process has used, from /proc (Linux): shared by the idle-CPU and rush benchmarks. */
export const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
export const cores = cpus().length;

/** utime + stime of a process, in clock ticks (0 once it has gone). */
export function cpuTicks(pid: number): number {
  return cpuTicksIfAlive(pid) ?? 0;
}

/**
 * utime + stime of a process in clock ticks, or undefined once it has gone: a window that reads a
 * process at both ends must leave out one that exited in between (its ticks went with it), not
 * count 0 minus what it had at the start.
 */
export function cpuTicksIfAlive(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** VmRSS in MiB; 0 once the process has gone (a sampler must not fail on a process that just exited). */
export function residentMiBOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
