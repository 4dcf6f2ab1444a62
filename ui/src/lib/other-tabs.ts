import type { LiveNotice, Topic } from '$lib/live.svelte';

// One channel per origin: every portal tab of this browser joins it.
const CHANNEL = 'smartstart-live';
/** What a tab may pass on: a read mark is the one change the server sends no notice for (it is no event). */
const PASSED_ON: readonly Topic[] = ['notification'];

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string');
}

/** A message from another tab as a notice, if it is one this tab accepts; anything else is dropped. */
function noticeOf(message: unknown): LiveNotice | null {
  const candidate = message as { topic?: unknown; ids?: unknown } | null;
  const topic = PASSED_ON.find((known) => known === candidate?.topic);
  const ids = candidate?.ids;
  return topic !== undefined && isIdList(ids) ? { topic, ids } : null;
}

/**
 * Joins this browser's other portal tabs over a BroadcastChannel: `hear` gets what they tell, and
 * the function returned tells them. Tabs of one origin share the session cookie, so they show the
 * same person; a message is a topic and ids, never a credential. Null without BroadcastChannel.
 */
export function otherTabs(hear: (notice: LiveNotice) => void): ((notice: LiveNotice) => void) | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const notice = noticeOf(event.data);
    if (notice) hear(notice);
  });
  return (notice) => channel.postMessage(notice);
}
