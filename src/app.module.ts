import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { ApiDocsModule } from './api-docs/api-docs.module';
import { AuditModule } from './audit/audit.module';
import { BadgesModule } from './badges/badges.module';
import { AuditHttpModule } from './audit/http/audit-http.module';
import { ConversionModule } from './conversion/conversion.module';
import { DocumentsModule } from './documents/documents.module';
import { EarningModule } from './earning/earning.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { InboxModule } from './inbox/inbox.module';
import { JobsModule } from './jobs/jobs.module';
import { LedgerModule } from './ledger/ledger.module';
import { LiveModule } from './live/live.module';
import { EVENT_SCHEMAS } from './event-schemas';
import { ErrorFilter } from './platform/http/error.filter';
import { credentialRedaction } from './platform/logging/log-redaction';
import { PeopleModule } from './people/people.module';
import { PlatformModule, type PlatformDependencies } from './platform/platform.module';
import { ProgressModule } from './progress/progress.module';
import { RegistryModule } from './registry/registry.module';
import { VenturesModule } from './ventures/ventures.module';
import { WalletModule } from './wallet/wallet.module';

/** What main.ts or a test gives the app; the event schemas are the app's own. */
export type AppDependencies = Omit<PlatformDependencies, 'eventSchemas'>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@Module({})
export class AppModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: dependencies.config.LOG_LEVEL,
            ...credentialRedaction,
            // Every log line of a request carries its id; a caller's well-formed X-Request-Id is kept.
            genReqId: (request, response) => {
              const given = request.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              response.setHeader('x-request-id', id);
              return id;
            },
            autoLogging: { ignore: (request) => request.url === '/api/health' },
          },
        }),
        PlatformModule.forRoot({ ...dependencies, eventSchemas: EVENT_SCHEMAS }),
        CqrsModule.forRoot(),
        ScheduleModule.forRoot(),
        LedgerModule,
        HealthModule,
        ApiDocsModule,
        IdentityModule,
        VenturesModule,
        EarningModule,
        WalletModule,
        ProgressModule,
        JobsModule,
        ConversionModule,
        AuditModule,
        AuditHttpModule,
        LiveModule,
        RegistryModule,
        PeopleModule,
        BadgesModule,
        DocumentsModule,
        InboxModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
