/**
 * For afterAll: closes what its beforeAll started. A beforeAll that failed leaves the variable
 * unassigned, whatever its declared type says (`let app: TestApp;`), so the undefined case is
 * real here; the failure of beforeAll is then the one the run reports.
 */
export async function closeIfStarted(resource: { close(): Promise<unknown> } | undefined): Promise<void> {
  await resource?.close();
}

/** closeIfStarted for what ends by another name: a pg client (`end`) or a knex instance (`destroy`). */
export async function endIfStarted(
  resource: { end(): Promise<void> } | { destroy(): Promise<void> } | undefined,
): Promise<void> {
  if (resource === undefined) return;
  await ('end' in resource ? resource.end() : resource.destroy());
}
