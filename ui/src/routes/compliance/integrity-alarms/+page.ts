import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

// The alarms are read behind the RoleGate (it may open after an MFA step-up, long after this load).
export const load: PageLoad = ({ parent, url }) => requireSignedIn(parent, url);
