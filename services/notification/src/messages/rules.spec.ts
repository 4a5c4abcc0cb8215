import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audienceText, NOTIFICATION_RULES } from './rules';

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
        audienceText(rule.audience),
        rule.channels.join(', '),
        rule.mandatory ? 'yes' : 'no',
      ]),
    );
  });

  it('makes rejections mandatory, as the issue requires', () => {
    expect(NOTIFICATION_RULES.find((rule) => rule.kind === 'decision.rejected')?.mandatory).toBe(true);
  });

  it('tells of a sampled decision only QA of the wilayah, never a Pemda or everyone', () => {
    expect(NOTIFICATION_RULES.find((rule) => rule.kind === 'qa.review_requested')?.audience).toEqual({ scope: 'wilayah', roles: ['qa'] });
  });
});
