import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ parent, url }) => requireSignedIn(parent, url);
