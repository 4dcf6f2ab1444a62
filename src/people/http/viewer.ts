import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '../../identity/access/principal';

/** Who is looking, on a public route: the signed-in caller, or null for anyone else. */
export const Viewer = createParamDecorator((_: unknown, context: ExecutionContext): Principal | null => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null;
});

/** The owner sees everything of theirs; an admin (with a verified session) sees private profiles too. */
export function maySeePrivate(viewer: Principal | null, ownerId: string): boolean {
  if (!viewer) return false;
  return viewer.userId === ownerId || (viewer.roles.includes('admin') && viewer.mfaVerified);
}
