import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { RateLimiter } from './rate-limiter';

/** Per-IP limits on the API: the general one, and a stricter one for sign-in attempts. */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly general: RateLimiter;
  private readonly login: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.general = new RateLimiter(config.RATE_LIMIT_MAX, config.RATE_LIMIT_WINDOW_MS);
    this.login = new RateLimiter(config.LOGIN_RATE_LIMIT_MAX, config.RATE_LIMIT_WINDOW_MS);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const ip = request.ip ?? 'unknown';
    const now = this.clock.now().getTime();
    const isLogin = request.method === 'POST' && request.originalUrl.split('?')[0] === '/api/v1/auth/login';
    const retryAfter = (isLogin ? this.login.hit(ip, now) : null) ?? this.general.hit(ip, now);
    if (retryAfter === null) return next();
    response.setHeader('retry-after', String(retryAfter));
    response.status(429).json({
      error: 'RATE_LIMITED',
      message: `Too many requests from this address; try again in ${retryAfter} s`,
      details: { retryAfterSeconds: retryAfter },
    });
  }
}
