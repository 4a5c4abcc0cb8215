import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFICATION_RULES } from './rules';

const roleList = (roles: string[]) => roles.join(', ');

describe('NOTIFICATION_RULES', () => {
  it('is the table in services/notification/README.md, row for row', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => /^\| [a-z_.]+ \|/.test(line) && !line.startsWith('| kind '))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows).toEqual(
      NOTIFICATION_RULES.map((rule) => [
        rule.kind,
        rule.trigger,
        rule.audience.scope === 'pemda' ? `${roleList(rule.audience.roles)} of the Pemda` : rule.audience.roles.includes('admin') ? 'admin' : `${roleList(rule.audience.roles)} of every Pemda`,
        rule.channels.join(', '),
        rule.mandatory ? 'yes' : 'no',
      ]),
    );
  });

  it('makes rejections mandatory, as the issue requires', () => {
    expect(NOTIFICATION_RULES.find((rule) => rule.kind === 'decision.rejected')?.mandatory).toBe(true);
  });
});
