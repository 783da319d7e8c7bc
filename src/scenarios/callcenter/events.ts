/**
 * The world's events as the views read them: the typed union of schemas/events (generated), and the two
 * fields most views look for whatever the event's type, the agent and the call it is about. Which events
 * exist and what they carry is the schema's; who emits them is the world's.
 */
import type { WorldEvent } from './world.js';

export type { WorldEvent, WorldEventType, EventFields } from './world.js';

/** The agent an event is about (its `agent` field), if it names one. */
export function eventAgent(e: WorldEvent): string | null {
  return 'agent' in e && typeof e.agent === 'string' ? e.agent : null;
}

/** The call an event is about (its `call` field), if it names one. */
export function eventCall(e: WorldEvent): string | null {
  return 'call' in e && typeof e.call === 'string' ? e.call : null;
}
