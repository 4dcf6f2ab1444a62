import { DiscoveryService, MetadataScanner, ModulesContainer, NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../platform/config/app-config';
import type { Database } from '../platform/database/database';
import { documentRoutes, openApiDocument, type OpenApiDocument } from './openapi-document';
import { routeInputs } from './route-inventory';

/**
 * The OpenAPI document the server serves, built without a database or a port: Nest's preview
 * mode scans the whole module graph, routes and decorators included, and instantiates nothing.
 * `npm run api:generate` writes the portal's copy from it; the contract test compares both.
 */
export async function contractDocument(): Promise<OpenApiDocument> {
  // Preview mode never calls a provider, so the database is never touched: only its shape is needed.
  const database = { url: '', pool: null, knex: null, close: () => Promise.resolve() } as unknown as Database;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class but reads them as a plain object (its own docs pass a literal)
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: loadConfig({}), database }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const discovery = new DiscoveryService(app.get(ModulesContainer));
    return openApiDocument(documentRoutes(routeInputs(discovery, new MetadataScanner())));
  } finally {
    await app.close();
  }
}
