import { Controller, Get, Param } from '@nestjs/common';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { userIdParamSchema } from '../../identity/http/identity.schemas';
import { ProfileQueries } from '../queries/profile.queries';
import { profileSchema } from './profiles.responses';

@Controller('api/v1/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfileQueries) {}

  @Get(':userId')
  @RespondsWith(profileSchema)
  profile(@Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string) {
    return this.profiles.publicProfile(userId);
  }
}
