import { Controller, Get, Header, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { RespondsWith, RespondsWithContent } from '../platform/http/responds-with';
import { renderDocsPage } from './docs-page';
import {
  documentRoutes,
  openApiDocument,
  openApiDocumentSchema,
  type DocumentedRoute,
  type OpenApiDocument,
} from './openapi-document';
import { routeInputs } from './route-inventory';

/** The HTTP contract, served from the routes themselves, so it can't drift from what the app answers. */
@Controller('api')
export class ApiDocsController implements OnApplicationBootstrap {
  private routes: DocumentedRoute[] = [];
  private document: OpenApiDocument | null = null;
  private page: string | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** A route without its errors listed would be undocumented: refuse to start instead, as the access guard does without a rule. */
  onApplicationBootstrap(): void {
    this.routes = documentRoutes(routeInputs(this.discovery, this.scanner));
  }

  @Get('openapi.json')
  @RespondsWith(openApiDocumentSchema)
  openApi(): OpenApiDocument {
    return (this.document ??= openApiDocument(this.routes));
  }

  @Get('docs')
  @RespondsWithContent('text/html', 'The API reference as one static HTML page.')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return (this.page ??= renderDocsPage(this.routes));
  }
}
