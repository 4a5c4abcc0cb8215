import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KAFKA_USERS_FILE, kafkaUsersYaml } from '../../scripts/generate-kafka-users';
import { serviceCatalogue } from './service-catalogue';

const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('Kafka principals in the deployments (docs/decisions.md #57)', () => {
  it('deploy/k8s/kafka-users.strimzi.example.yaml is what the contracts give (regenerate: see its first line)', () => {
    expect(readFileSync(KAFKA_USERS_FILE, 'utf8')).toBe(kafkaUsersYaml());
  });

  it('every Kubernetes Deployment connects as its own principal, with the password from its own Secret', () => {
    for (const { name } of serviceCatalogue) {
      const manifest = read(`deploy/k8s/${name}.yaml`);
      expect(manifest).toMatch(new RegExp(`- name: KAFKA_SASL_USERNAME\\n\\s+value: ${name}\\n`));
      expect(manifest).toMatch(new RegExp(`- name: KAFKA_SASL_PASSWORD\\n\\s+valueFrom:\\n\\s+secretKeyRef:\\n\\s+name: mcp-kafka-${name}\\n`));
    }
  });

  it('every docker-compose service connects as its own principal', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { environment: Record<string, string> }>;
    };
    for (const { name } of serviceCatalogue) {
      expect(compose.services[name].environment['KAFKA_SASL_USERNAME']).toBe(name);
      expect(compose.services[name].environment['KAFKA_SASL_PASSWORD']).toContain(`mcp-kafka-${name}`);
    }
  });
});
