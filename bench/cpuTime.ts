/**
 * CPU time, so the bootstrap's figure comes with where its time went: the server and the
 * console share this machine's cores, and their CPU against the wall time says whether a run
 * was bound by the cores or by waiting. Linux only (/proc); null elsewhere.
 */
import { readFileSync } from 'node:fs';

/** Linux reports process and machine times in USER_HZ ticks, 100 per second on every ABI it supports. */
const msPerTick = 10;

/** User plus system time of a process (all its threads), in ms. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * msPerTick;
  } catch {
    return null;
  }
}

/** Busy time of the whole machine, summed over its cores (user, nice, system, irq, softirq), in ms. */
export function machineCpuMs(): number | null {
  try {
    const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq!) * msPerTick;
  } catch {
    return null;
  }
}
