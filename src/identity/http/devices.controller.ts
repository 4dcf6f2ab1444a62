import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CurrentPrincipal, WriteContext } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import type { CommandContext } from '../commands/user-stream.writer';
import { RecordPolicyViolation, ReportDevicePosture } from '../commands/user.commands';
import { DevicePostureQueries } from '../queries/device-posture.queries';
import { postureReportedSchema, userDevicesSchema, violationRecordedSchema } from './identity.responses';
import { devicePostureSchema, policyViolationSchema, userIdParamSchema } from './identity.schemas';

@Controller('api/v1')
export class DevicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly postures: DevicePostureQueries,
  ) {}

  /** A device agent or the portal reports the signed-in user's device. */
  @Post('devices/posture')
  @HttpCode(200)
  @RespondsWith(postureReportedSchema)
  report(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(devicePostureSchema)) body: z.infer<typeof devicePostureSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new ReportDevicePosture(principal.userId as string, body, context));
  }

  @Get('users/:userId/devices')
  @RespondsWith(userDevicesSchema)
  devices(@Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string) {
    return this.postures.forUser(userId);
  }

  @Post('users/:userId/policy-violations')
  @HttpCode(201)
  @RespondsWith(violationRecordedSchema)
  violation(
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
    @Body(new ZodValidationPipe(policyViolationSchema)) body: z.infer<typeof policyViolationSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new RecordPolicyViolation(userId, body, context));
  }
}
