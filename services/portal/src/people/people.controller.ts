import { Public } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PortalSession } from '../sessions/portal-session.entity';
import { CurrentSession, SessionGuard } from '../sessions/session.guard';
import { PeopleDirectory } from './people-directory';
import { PeopleQueryDto } from './people-query.dto';
import { PersonView } from './person.view';

@Public()
@ApiTags('directory')
@UseGuards(SessionGuard)
@Controller('api/people')
export class PeopleController {
  constructor(private readonly people: PeopleDirectory) {}

  @Get()
  // The answer depends on who asks (a browser's cache keys by URL, not by session): never kept.
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      "Names for subjects (a decision's verifier, a task's holder, a colleague who uploaded), as last signed in. KPK roles may " +
      "name anyone; a Pemda's own users only their own Pemda's people, never a KPK person (the Pemda is told 'Verifikator KPK'). " +
      'Subjects nobody signed in as, or that the reader may not see named, are left out. With ?pemdaCode= instead: that ' +
      "Pemda's own people who have signed in, at most 1,000 by name (to admins and that Pemda's own users; empty to anyone else).",
  })
  @ApiOkResponse({ type: [PersonView] })
  async list(@CurrentSession() session: PortalSession, @Query() query: PeopleQueryDto): Promise<PersonView[]> {
    if (query.subject && query.pemdaCode) {
      throw new DomainError('invalid-input', 'SUBJECT_OR_PEMDA', 'Sebutkan subject atau pemdaCode, tidak keduanya (either subject or pemdaCode).');
    }
    if (!query.subject && !query.pemdaCode) {
      throw new DomainError('invalid-input', 'SUBJECT_OR_PEMDA', 'Sebutkan paling sedikit satu subject (?subject=...) atau pemdaCode.');
    }
    const people = query.pemdaCode
      ? await this.people.ofPemda(session.principal, query.pemdaCode)
      : await this.people.namedFor(session.principal, [...new Set(query.subject)]);
    return people.map(({ subject, name, roles }) => ({ subject, name, roles }));
  }
}
