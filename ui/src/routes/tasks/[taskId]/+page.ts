import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import { getTask, getVenture } from '$lib/api/ventures';
import { requireSignedIn } from '$lib/guards';
import { live } from '$lib/live.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, params, fetch }) => {
  await requireSignedIn(parent, url);
  // Taken before the read: a change that lands meanwhile still reaches the page.
  const liveMark = live.mark();
  try {
    const task = await getTask(params.taskId, { fetch });
    // The task names its venture but not its owner, who is the one to accept it.
    const { tasks: _, ...venture } = await getVenture(task.ventureId, { fetch });
    return { task, venture, liveMark };
  } catch (cause) {
    if (isApiError(cause) && (cause.status === 404 || cause.status === 400))
      error(404, 'There is no task with that id.');
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
