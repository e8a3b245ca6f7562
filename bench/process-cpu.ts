import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc times (`getconf CLK_TCK`), 100 on every common kernel. */
const ticksPerSecond = 100;

/** What one /proc/<pid>/stat line says of the process: its group and the CPU it has used. */
export interface ProcessCpu {
  pid: number;
  processGroup: number;
  /** User plus system time, in seconds. */
  cpuSeconds: number;
}

/**
 * Parses a /proc/<pid>/stat line. The command name (field 2) is in
 * parentheses and may hold spaces or parentheses itself, so the fields are
 * counted from the last `)`. Null for a line that is not one.
 */
export function parseProcStat(line: string): ProcessCpu | null {
  const nameEnd = line.lastIndexOf(')');
  const pid = Number.parseInt(line, 10);
  if (nameEnd < 0 || !Number.isInteger(pid)) return null;
  // From field 3 (state) on: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime.
  const fields = line.slice(nameEnd + 2).split(' ');
  const processGroup = Number(fields[2]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![processGroup, utime, stime].every(Number.isFinite)) return null;
  return { pid, processGroup, cpuSeconds: (utime + stime) / ticksPerSecond };
}

/**
 * CPU seconds used so far by every live process in each of `groups` (the
 * stack starts each service as the leader of a process group, so a group is
 * the service with whatever it spawned, the JVM under an emulator included).
 * Linux only; elsewhere every group reads 0.
 */
export function cpuSecondsByGroup(groups: readonly number[]): Map<number, number> {
  const totals = new Map(groups.map((group) => [group, 0]));
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return totals;
  }
  for (const entry of entries) {
    let line: string;
    try {
      line = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // It ended meanwhile.
    }
    const process = parseProcStat(line);
    if (process && totals.has(process.processGroup)) {
      totals.set(process.processGroup, totals.get(process.processGroup)! + process.cpuSeconds);
    }
  }
  return totals;
}
