import { canActForPemda, mayIdentifyKpkStaff, PEMDA_SCOPED_ROLES, type AuthPrincipal } from '@mcp/auth';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Person } from './person.entity';

/**
 * Names for subjects, learnt at each sign-in. The services keep only subjects (the audit needs
 * who, not what they were called), so a page that shows "decided by" asks here for the name.
 */
@Injectable()
export class PeopleDirectory {
  private readonly logger = new Logger(PeopleDirectory.name);

  constructor(@InjectRepository(Person) private readonly people: Repository<Person>) {}

  /**
   * A later sign-in wins: a renamed person or a changed role shows from their next sign-in. Never
   * fails a sign-in: a name not filed shows as the subject, a sign-in refused is a person locked out.
   */
  async recordSignIn(principal: AuthPrincipal, at = new Date()): Promise<void> {
    const name = principal.name?.trim();
    const pemdaCode = principal.roles.some((role) => PEMDA_SCOPED_ROLES.includes(role)) ? (principal.pemdaCode ?? null) : null;
    try {
      if (name) {
        await this.people.upsert({ subject: principal.subject, name, roles: principal.roles, pemdaCode, lastSignedInAt: at }, ['subject']);
      } else {
        // Without a name nobody is filed, but the roles and Pemda the lookup rules read stay current.
        await this.people.update({ subject: principal.subject }, { roles: principal.roles, pemdaCode, lastSignedInAt: at });
      }
    } catch (error) {
      this.logger.warn(`Could not file the name of a sign-in: ${(error as Error).message}`);
    }
  }

  /**
   * The subjects `viewer` may see named: KPK roles anyone; a Pemda's own users only their own
   * Pemda's people, never a KPK person (a Pemda is told "Verifikator KPK", docs/decisions.md #46).
   */
  async namedFor(viewer: AuthPrincipal, subjects: readonly string[]): Promise<Person[]> {
    if (subjects.length === 0) return [];
    if (mayIdentifyKpkStaff(viewer)) return this.people.find({ where: { subject: In([...subjects]) }, order: { subject: 'ASC' } });
    if (!viewer.pemdaCode) return [];
    const ownPeople = await this.people.find({ where: { subject: In([...subjects]), pemdaCode: viewer.pemdaCode }, order: { subject: 'ASC' } });
    // Someone who once acted for this Pemda and now holds a KPK role stays unnamed to it.
    return ownPeople.filter(({ subject, roles }) => !mayIdentifyKpkStaff({ subject, roles }));
  }

  /**
   * A Pemda's own people who have signed in (never a KPK person), by name: for its admin choosing
   * an operator to assign, and for KPK admins who act for every Pemda. Anyone else gets nothing: a
   * verifier or analyst names the people they are shown, they do not browse a Pemda's staff.
   */
  async ofPemda(viewer: AuthPrincipal, pemdaCode: string): Promise<Person[]> {
    if (!canActForPemda(viewer, pemdaCode)) return [];
    const people = await this.people.find({ where: { pemdaCode }, order: { name: 'ASC', subject: 'ASC' }, take: 1000 });
    return people.filter(({ subject, roles }) => !mayIdentifyKpkStaff({ subject, roles }));
  }
}
