import { IsInt, Min } from 'class-validator';
import { ConfigError, loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

class ExampleConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  CLAIM_LEASE_MINUTES: number = 30;
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set and converts what is', () => {
    const config = loadConfig(ExampleConfig, { PORT: '3002', KAFKA_BROKERS: 'a:9092, b:9093', CLAIM_LEASE_MINUTES: '5' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.CLAIM_LEASE_MINUTES).toBe(5);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/mcp');
  });

  it('fails naming every bad variable and its value', () => {
    try {
      loadConfig(ExampleConfig, { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'no-port', CLAIM_LEASE_MINUTES: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/DATABASE_URL has value "mysql:\/\/x": DATABASE_URL must be a postgres:\/\/ URL/);
      expect(message).toMatch(/KAFKA_BROKERS .* host:port/);
      expect(message).toMatch(/CLAIM_LEASE_MINUTES has value "0"/);
    }
  });

  it('refuses a number variable set to nothing instead of reading it as 0', () => {
    // PORT="" listened on a random port; a blank retention would have pruned everything.
    expect(() => loadConfig(ExampleConfig, { PORT: '', CLAIM_LEASE_MINUTES: ' ' })).toThrow(
      /PORT is empty: set a number, or leave it unset for its default[\s\S]*CLAIM_LEASE_MINUTES is empty/,
    );
    expect(loadConfig(ExampleConfig, { PORT: '3002' }).CLAIM_LEASE_MINUTES).toBe(30);
  });
});
