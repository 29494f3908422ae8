import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CurrentSessionId, UsersService, type UserView } from '../../auth/index.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';

/** Dashboard users (reads for every role, writes for admins). */
@ApiTags('users')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(): Promise<{ data: UserView[] }> {
    return { data: await this.users.list() };
  }

  @Post()
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto, @CurrentSessionId() sessionId: string): Promise<UserView> {
    return this.users.update(id, body, sessionId);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.users.remove(id);
  }
}
