import { error } from '@sveltejs/kit';
import { errorMessage, isApiError } from '$lib/api';
import {
  getMyProfile,
  getPortfolio,
  getProfile,
  getSkillVerifier,
  listSkills,
  type MyProfile,
  type Skill,
  type SkillVerifier,
} from '$lib/api/profiles';
import { live } from '$lib/live.svelte';
import { readingOf } from '$lib/page-data.svelte';
import { session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

// Profiles are public (the server shows only what isPublic allows), so anyone may open one.
export const load: PageLoad = async ({ parent, params, fetch }) => {
  await parent();
  const liveMark = live.mark();
  try {
    const member = session.hasRole('member');
    const mayAskToVerify = (member || session.hasRole('admin')) && session.user?.userId !== params.userId;
    const [profile, portfolio, me, catalog, verifier] = await Promise.all([
      getProfile(params.userId, { fetch }),
      // Shown in place: a failure here leaves the rest of the profile on screen.
      readingOf(() => getPortfolio(params.userId, { fetch })),
      // The own profile carries the theme and how many endorsements are left today.
      member ? getMyProfile({ fetch }) : Promise.resolve<MyProfile | null>(null),
      // The skill catalog, for adding a skill or endorsing one.
      member ? listSkills({ fetch }) : Promise.resolve<Skill[]>([]),
      // Whether this viewer sees Verify on the skill chips; a failure only hides the button.
      mayAskToVerify ? readingOf(() => getSkillVerifier(params.userId, { fetch })) : Promise.resolve(null),
    ]);
    const verifierOf = (reading: typeof verifier): SkillVerifier | null => (reading?.ok ? reading.value : null);
    return { liveMark, profile, portfolio, me, catalog, verifier: verifierOf(verifier) };
  } catch (cause) {
    // A private profile answers exactly like a missing one, so it does not even confirm the member exists.
    if (isApiError(cause) && (cause.status === 404 || cause.status === 400))
      error(404, 'There is no public profile with that id.');
    error(isApiError(cause) && cause.status >= 400 ? cause.status : 503, errorMessage(cause));
  }
};
