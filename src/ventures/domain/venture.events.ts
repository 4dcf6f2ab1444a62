/** Events of `venture-<ventureId>`. The owner is fixed at creation; there is no transfer yet. */
export type VentureEvent = { type: 'VentureCreated'; data: { ventureId: string; name: string; ownerId: string } };

export type VentureCreatedData = Extract<VentureEvent, { type: 'VentureCreated' }>['data'];

export const ventureStream = (ventureId: string) => `venture-${ventureId}`;
