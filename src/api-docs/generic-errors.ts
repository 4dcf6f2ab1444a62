import { BEFORE_MFA_ROUTES, type AccessRule } from '../identity/access/permission-matrix';
import { UNLIMITED_ROUTES } from '../identity/access/rate-limits';
import type { ErrorCode } from '../shared-kernel/error-catalog';
import type { RouteInputs } from './route-inventory';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The errors a route can answer with because of what kind of route it is, worked out from the
 * same facts the middleware, guard and pipes act on: its method, access rule and inputs.
 */
export function genericErrors(route: RouteInputs, rule: AccessRule): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const validates =
    route.body !== undefined ||
    route.multipart !== undefined ||
    route.query !== undefined ||
    Object.keys(route.params).length > 0 ||
    route.idempotencyKey;
  if (validates) codes.push('VALIDATION_FAILED');
  // Every unsafe request passes the cross-site check and the body gate, whether the handler reads a body or not.
  if (!SAFE_METHODS.has(route.key.split(' ')[0]))
    codes.push(
      'BAD_REQUEST',
      'CROSS_SITE_REQUEST',
      'CSRF_TOKEN_MISSING',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  if (rule.access !== 'public') codes.push('UNAUTHENTICATED', 'INVALID_TOKEN');
  if (rule.access === 'roles') codes.push('FORBIDDEN');
  if (rule.access !== 'public' && !BEFORE_MFA_ROUTES.has(route.key)) codes.push('MFA_REQUIRED');
  if (route.idempotencyKey) codes.push('IDEMPOTENCY_KEY_REUSED');
  if (!UNLIMITED_ROUTES.has(route.key)) codes.push('RATE_LIMITED');
  codes.push('INTERNAL');
  return codes;
}
