import { derivedId } from '../../platform/ids/ids';

/** An award's credential id comes from its BadgeAwarded event, so it is known before it is issued. */
export const credentialIdOf = (awardEventId: string) => derivedId('open-badge-credential', awardEventId);
