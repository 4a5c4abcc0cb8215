import { allContracts, Topics } from '@mcp/contracts';
import { consumerGroupOf, DOWNSTREAM_READER, kafkaAccessRules, topicsUsedBy, type KafkaOperation } from './kafka-access';

const services = ['submissions', 'verification', 'scoring', 'notification', 'reporting', 'portal'];
const rules = kafkaAccessRules(services);

function may(principal: string, operation: KafkaOperation, topic: string): boolean {
  return rules.some(
    (rule) => rule.principal === principal && rule.resource === 'topic' && rule.name === topic && rule.operations.includes(operation),
  );
}

describe('Kafka ACLs derived from the contracts (docs/decisions.md #57)', () => {
  it('lets only the owning service write each topic', () => {
    for (const { topic, channel } of allContracts()) {
      expect(services.filter((service) => may(service, 'write', topic))).toEqual([channel.producer]);
    }
    expect(may('submissions', 'write', Topics.evidenceVerified)).toBe(false);
    expect(may('verification', 'write', Topics.evidenceVerified)).toBe(true);
  });

  it('lets a service read only what it consumes, and park dead letters only beside those', () => {
    expect(may('submissions', 'read', Topics.evidenceVerified)).toBe(true);
    expect(may('submissions', 'read', Topics.qaReviewRequested)).toBe(false);
    expect(may('scoring', 'write', `${Topics.evidenceVerified}.dlq`)).toBe(true);
    expect(may('scoring', 'write', `${Topics.evidenceSubmitted}.dlq`)).toBe(false);
    expect(may('portal', 'write', `${Topics.scoreUpdated}.dlq`)).toBe(true);
    // Scoring's refusals (docs/decisions.md #74, #120) are read by the services that show decisions, not by notification.
    expect(services.filter((service) => may(service, 'read', Topics.decisionRefused))).toEqual(['submissions', 'verification', 'reporting']);
    expect(may('notification', 'read', Topics.clarificationMessagePosted)).toBe(true);
    expect(may('reporting', 'read', Topics.clarificationMessagePosted)).toBe(false);
    expect(may('submissions', 'write', Topics.operatorAssignmentsChanged)).toBe(true);
    expect(may('verification', 'read', Topics.operatorAssignmentsChanged)).toBe(true);
    expect(may('verification', 'write', Topics.operatorAssignmentsChanged)).toBe(false);
    expect(may('submissions', 'write', Topics.clarificationAttachmentUploaded)).toBe(true);
    expect(may('verification', 'read', Topics.clarificationAttachmentUploaded)).toBe(true);
    expect(may('notification', 'read', Topics.clarificationAttachmentUploaded)).toBe(false);
  });

  it('grants no operation beyond read, write, describe and delete, and no wildcard topic', () => {
    for (const rule of rules) {
      expect(rule.name).not.toBe('*');
      if (rule.resource === 'topic') expect(rule.pattern).toBe('literal');
      if (rule.resource === 'topic') expect(rule.operations).not.toContain('delete');
    }
  });

  it('gives each service its own consumer groups only', () => {
    const groups = rules.filter((rule) => rule.principal === 'reporting' && rule.resource === 'group');
    expect(groups.map(({ name, pattern }) => `${pattern}:${name}`).sort()).toEqual([
      `literal:${consumerGroupOf('reporting')}`,
      `prefixed:${consumerGroupOf('reporting')}-`,
    ]);
  });

  it('lets the downstream reader read every topic but the confidential ones, and write none', () => {
    expect(may(DOWNSTREAM_READER, 'read', Topics.scoreUpdated)).toBe(true);
    expect(may(DOWNSTREAM_READER, 'read', Topics.qaReviewRequested)).toBe(false);
    expect(may(DOWNSTREAM_READER, 'read', Topics.clarificationMessagePosted)).toBe(false);
    expect(may(DOWNSTREAM_READER, 'read', Topics.operatorAssignmentsChanged)).toBe(false);
    expect(may(DOWNSTREAM_READER, 'read', Topics.clarificationAttachmentUploaded)).toBe(false);
    expect(rules.some((rule) => rule.principal === DOWNSTREAM_READER && rule.operations.includes('write'))).toBe(false);
  });

  it('tells a service which topics it needs at start-up', () => {
    expect(topicsUsedBy('submissions')).toEqual(
      [
        Topics.evidenceSubmitted,
        Topics.evidenceWithdrawn,
        Topics.deadlineExtended,
        Topics.evidenceQuarantined,
        Topics.operatorAssignmentsChanged,
        Topics.clarificationAttachmentUploaded,
        Topics.evidenceVerified,
        `${Topics.evidenceVerified}.dlq`,
        Topics.decisionRefused,
        `${Topics.decisionRefused}.dlq`,
        Topics.frameworkPublished,
        `${Topics.frameworkPublished}.dlq`,
        Topics.verifierWilayahAssigned,
        `${Topics.verifierWilayahAssigned}.dlq`,
        Topics.yearClosed,
        `${Topics.yearClosed}.dlq`,
      ].sort(),
    );
  });
});
