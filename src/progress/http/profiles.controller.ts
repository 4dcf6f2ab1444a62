import { Controller, Get, Param } from '@nestjs/common';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { ProfileQueries } from '../queries/profile.queries';
import { userIdParamSchema } from '../../identity/identity.contract';

@Controller('api/v1/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfileQueries) {}

  @Get(':userId')
  profile(@Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string) {
    return this.profiles.publicProfile(userId);
  }
}
