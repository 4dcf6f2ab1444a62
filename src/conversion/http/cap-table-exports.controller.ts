import { Controller, Get, Header, Param } from '@nestjs/common';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { capTableCsv, capTableOcf } from '../queries/cap-table-exports';
import { ConversionQueries } from '../queries/conversion.queries';
import { capTableOcfSchema } from './conversion.responses';
import { idParam } from './conversion.schemas';

const VentureIdParam = () => Param('ventureId', new ZodValidationPipe(idParam('ventureId')));

/** The cap table as files, for any signed-in caller who may read the cap table itself. */
@Controller('api/v1/ventures')
export class CapTableExportsController {
  constructor(private readonly queries: ConversionQueries) {}

  @Get(':ventureId/cap-table/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="cap-table.csv"')
  @RespondsWithContent('text/csv', 'One row per holder, then the unallocated pool and a total row; bp and percentages.')
  async csv(@VentureIdParam() ventureId: string): Promise<string> {
    return capTableCsv(await this.queries.capTable(ventureId));
  }

  @Get(':ventureId/cap-table/ocf')
  @Header('content-disposition', 'attachment; filename="cap-table.ocf.json"')
  @RespondsWith(capTableOcfSchema)
  async ocf(@VentureIdParam() ventureId: string) {
    return capTableOcf(await this.queries.capTable(ventureId));
  }
}
