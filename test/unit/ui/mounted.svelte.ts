import { flushSync } from 'svelte';

/**
 * Runs `setup` the way a component's `<script>` runs, with its `$effect`s started; `destroy` is the
 * component going away (navigation, an `{#if}` turning false).
 */
export function mounted<T>(setup: () => T): { value: T; destroy: () => void } {
  let value: T | undefined;
  const destroy = $effect.root(() => {
    value = setup();
  });
  flushSync();
  return { value: value as T, destroy };
}
