/**
 * Puts a scenario's script on the world's clock: caller arrivals per group (Poisson with an optional
 * hourly profile, fixed times, bursts) and the timeline of scripted changes. Each group draws from its
 * own streams, so adding a group does not change the others' callers.
 */
import { sample } from './kernel/distributions.js';
import { phoneNumberFrom } from './kernel/rng.js';
import type { CallerGroup, ResolvedScenario, TimelineEntry } from './scenario.js';
import { arrive } from './callcenter/call-flow.js';
import type { CallCenterCommands } from './callcenter/commands.js';
import { DomainError } from './callcenter/errors.js';
import { PRIORITY, type World } from './callcenter/world.js';

export function scheduleScenario(w: World, scenario: ResolvedScenario, commands: CallCenterCommands): void {
  scenario.callers.forEach((g, i) => scheduleGroup(w, g, i, scenario.durationMs));
  for (const entry of scenario.timeline) {
    if (entry.atMs > scenario.durationMs) continue;
    w.scheduler.at(entry.atMs, PRIORITY.timeline, () => runTimelineEntry(w, entry, commands));
  }
}

function scheduleGroup(w: World, g: CallerGroup, index: number, durationMs: number): void {
  const streams = {
    arrivals: w.rng.stream(`arrivals:${index}`),
    callers: w.rng.stream(`callers:${index}`),
    numbers: w.rng.stream(`numbers:${index}`),
  };
  let n = 0;
  const spawn = () => {
    const q = w.queues.get(g.queue);
    if (!q) return;
    const number = n < g.numbers.length ? g.numbers[n] : phoneNumberFrom(streams.numbers);
    n++;
    arrive(w, q, {
      number,
      baseScore: g.baseScore,
      timeInSystemSec: Math.floor(sample(g.timeInSystem, streams.callers)),
      patienceSec: g.patience === null ? null : sample(g.patience, streams.callers),
      exitKeyAfterSec: g.exitKeyAfter === null ? null : sample(g.exitKeyAfter, streams.callers),
      releasesFirst: g.releasesFirst,
    });
  };
  const a = g.arrivals;
  switch (a.process) {
    case 'fixed':
      for (const t of a.atMs) if (t < durationMs) w.scheduler.at(t, PRIORITY.arrival, spawn);
      break;
    case 'burst':
      for (let i = 0; i < a.count; i++) {
        const t = a.atMs + (a.count > 1 ? Math.round((a.spreadMs * i) / a.count) : 0);
        if (t < durationMs) w.scheduler.at(t, PRIORITY.arrival, spawn);
      }
      break;
    case 'poisson': {
      const until = Math.min(a.untilMs ?? durationMs, durationMs);
      const peak = a.hourly ? Math.max(...a.hourly) : a.perHour;
      if (peak <= 0) break;
      const meanGapMs = 3_600_000 / peak;
      // Thinning (Lewis–Shedler) follows the hourly profile; without one every candidate is accepted.
      const next = (from: number) => {
        let t = from;
        for (;;) {
          t += -meanGapMs * Math.log(1 - streams.arrivals.next());
          if (t >= until) return;
          if (!a.hourly) break;
          const hour = new Date(w.epochMs(t)).getUTCHours();
          if (streams.arrivals.next() * peak < a.hourly[hour]) break;
        }
        const at = Math.round(t);
        w.scheduler.at(at, PRIORITY.arrival, () => {
          spawn();
          next(t);
        });
      };
      next(a.fromMs);
      break;
    }
  }
}

function runTimelineEntry(w: World, e: TimelineEntry, commands: CallCenterCommands): void {
  try {
    if ('status' in e) commands.setAgentStatus(e.agent, e.status);
    else if ('state' in e) commands.setAgentState(e.agent, e.state);
    else if ('externalCall' in e) commands.startExternalCall(e.agent, e.externalCall, e.direction, e.number);
    else if ('call' in e) commands.injectCaller({ queue: e.call.queue, number: e.call.number, patience: e.call.patience });
    else commands.updateQueue(e.queue, e.set);
  } catch (err) {
    // An API call may have removed what the script refers to; the script goes on without it.
    if (!(err instanceof DomainError)) throw err;
    if (w.logs()) w.emit('timeline.skipped', { reason: err.message });
  }
}
