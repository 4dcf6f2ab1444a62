import { documentsProjection } from '../../projections/documents/documents.projection';
import { signatureRequestsProjection } from '../../projections/documents/signature-requests.projection';
import { gamificationProjection } from '../../projections/gamification/gamification.projection';
import { conversionsProjection } from '../../projections/conversions/conversions.projection';
import { devicePosturesProjection } from '../../projections/device-postures/device-postures.projection';
import { identityUsersProjection } from '../../projections/identity-users/identity-users.projection';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { userProfilesProjection } from '../../projections/user-profiles/user-profiles.projection';
import { walletsProjection } from '../../projections/wallets/wallets.projection';
import { venturesProjection } from '../../projections/ventures/ventures.projection';
import { notificationsProjection } from '../../projections/notifications/notifications.projection';
import { merkleLeavesProjection } from '../audit/sealer/merkle-leaves.projection';

/** Every read model the app maintains. A new projection is added to this list. */
export const ALL_PROJECTIONS = [
  ledgerStreamsProjection,
  identityUsersProjection,
  devicePosturesProjection,
  walletsProjection,
  userProfilesProjection,
  conversionsProjection,
  merkleLeavesProjection,
  venturesProjection,
  gamificationProjection,
  documentsProjection,
  signatureRequestsProjection,
  // Last: the live feed gates an event's page notice on the first projection that reads its type.
  notificationsProjection,
];
