import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CurrentSessionId, CurrentUser, SessionsService, type AuthUser } from '../../auth/index.js';
import { toSessionView, type SessionView } from './session.view.js';

/** Dashboard sessions: your own (admins: everyone's); revoking needs admin and answers 404 for an unknown id. */
@ApiTags('sessions')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @CurrentSessionId() sessionId: string): Promise<{ data: SessionView[] }> {
    const rows = await this.sessions.list(user.role === 'admin' ? {} : { userId: user.id });
    return { data: rows.map((row) => toSessionView(row, sessionId)) };
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.sessions.revoke(id);
  }
}
