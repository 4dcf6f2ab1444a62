import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { capTableCsv, capTableOcf } from '../queries/cap-table-exports';
import { ConversionQueries } from '../queries/conversion.queries';
import { capTableOcfSchema } from './conversion.responses';
import { idParam } from './conversion.schemas';

const VentureIdParam = () => Param('ventureId', new ZodValidationPipe(idParam('ventureId')));

/**
 * The cap table as files, for any signed-in caller who may read the cap table itself. The file
 * headers are set only on success, so an error still answers as the usual JSON.
 */
@Controller('api/v1/ventures')
export class CapTableExportsController {
  constructor(private readonly queries: ConversionQueries) {}

  @Get(':ventureId/cap-table/csv')
  @RespondsWithContent('text/csv', 'One row per holder, then the unallocated pool and a total row; bp and percentages.')
  async csv(@VentureIdParam() ventureId: string): Promise<StreamableFile> {
    const csv = capTableCsv(await this.queries.capTable(ventureId));
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="cap-table.csv"',
    });
  }

  @Get(':ventureId/cap-table/ocf')
  @RespondsWith(capTableOcfSchema)
  async ocf(@VentureIdParam() ventureId: string, @Res({ passthrough: true }) response: Response) {
    const document = capTableOcf(await this.queries.capTable(ventureId));
    response.setHeader('content-disposition', 'attachment; filename="cap-table.ocf.json"');
    return document;
  }
}
