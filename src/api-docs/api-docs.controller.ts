import { Controller, Get, Header } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { renderDocsPage } from './docs-page';
import { documentRoutes, openApiDocument, type DocumentedRoute, type OpenApiDocument } from './openapi-document';
import { routeInputs } from './route-inventory';

/** The HTTP contract, served from the routes themselves, so it can't drift from what the app answers. */
@Controller('api')
export class ApiDocsController {
  private routes: DocumentedRoute[] | null = null;
  private document: OpenApiDocument | null = null;
  private page: string | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  @Get('openapi.json')
  openApi(): OpenApiDocument {
    return (this.document ??= openApiDocument(this.documentedRoutes()));
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return (this.page ??= renderDocsPage(this.documentedRoutes()));
  }

  /** Worked out on first ask, not at start-up: every controller is registered by then, and routes never change. */
  private documentedRoutes(): DocumentedRoute[] {
    return (this.routes ??= documentRoutes(routeInputs(this.discovery, this.scanner)));
  }
}
