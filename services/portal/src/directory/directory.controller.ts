import { Public } from '@mcp/auth';
import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SessionGuard } from '../sessions/session.guard';
import { PemdaDirectory, type PemdaEntry } from './pemda-directory';
import { PemdaEntryView } from './pemda-entry.view';

/**
 * The shipped list of the 546 Pemda, for the pages to name a Pemda where a service answers with
 * its code only (a verifier's task, a QA sample, a notice). Public facts, but behind the session
 * like every other page data.
 */
@Public()
@ApiTags('directory')
@UseGuards(SessionGuard)
@Controller('api/pemda')
export class DirectoryController {
  constructor(private readonly pemda: PemdaDirectory) {}

  @Get()
  // The list changes only with a release: a browser keeps it for an hour.
  @Header('cache-control', 'private, max-age=3600')
  @ApiOkResponse({ type: [PemdaEntryView] })
  list(): readonly PemdaEntry[] {
    return this.pemda.entries;
  }
}
