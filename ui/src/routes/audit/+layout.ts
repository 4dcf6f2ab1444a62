import { requireSignedIn } from '$lib/guards';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = ({ parent, url }) => requireSignedIn(parent, url);
