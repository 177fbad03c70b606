// CPU time of this Node process and of the Chromium it launched, so upload runs can be charged per file.
// Linux only (/proc); elsewhere the Chromium figure is undefined and only Node's own time is reported.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this bench runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** pid → { ppid, comm, ticks } for every readable process; ticks include reaped children (cutime + cstime). */
function processTable() {
  const table = new Map();
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while listing
    }
    // comm may hold spaces and parentheses: the fields after it start at the last ")".
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    // fields[0] is state (stat field 3), so field n of proc(5) is fields[n - 3].
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    table.set(Number(entry), { ppid: Number(fields[1]), comm, ticks: utime + stime + cutime + cstime });
  }
  return table;
}

/**
 * CPU milliseconds so far of the Chromium processes this Node process started (each browser process and all its
 * descendants: renderers, the network service, GPU and utility processes), or undefined where /proc is missing.
 * A child that exited and was reaped stays counted in its parent's cutime/cstime.
 */
export function chromiumCpuMs() {
  const table = processTable();
  if (!table) return undefined;
  const children = new Map();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const roots = (children.get(process.pid) ?? []).filter((pid) => /chrom/i.test(table.get(pid).comm));
  let ticks = 0;
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop();
    ticks += table.get(pid).ticks;
    stack.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Node's own CPU milliseconds so far (all threads: the in-process emulator, sharp, the handler, Playwright). */
export function nodeCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts a CPU meter; `stop()` returns the Node and Chromium CPU milliseconds spent since. */
export function cpuMeter() {
  const node = nodeCpuMs();
  const chromium = chromiumCpuMs();
  return {
    stop: () => {
      const chromiumNow = chromiumCpuMs();
      return {
        nodeMs: nodeCpuMs() - node,
        chromiumMs: chromium === undefined || chromiumNow === undefined ? undefined : chromiumNow - chromium,
      };
    },
  };
}
