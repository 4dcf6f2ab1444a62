import { Injectable } from '@nestjs/common';

/**
 * Whether start-up has finished. The server listens before the demo seed is written, so a
 * health check that only probed the database would go green while the demo accounts are still
 * missing; whoever starts the app (main.ts) marks it ready at the end.
 */
@Injectable()
export class Readiness {
  private ready = false;

  markReady(): void {
    this.ready = true;
  }

  get isReady(): boolean {
    return this.ready;
  }
}
