import { operatorKafkaAccessFromEnv } from './kafka-settings';

describe('operatorKafkaAccessFromEnv', () => {
  it('logs in with SCRAM-SHA-512 by default when a user name is given', () => {
    expect(operatorKafkaAccessFromEnv({ KAFKA_SASL_USERNAME: 'admin', KAFKA_SASL_PASSWORD: 'rahasia' })).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: 'rahasia' },
      tls: false,
    });
  });

  it('takes the mechanism and TLS from the environment', () => {
    expect(operatorKafkaAccessFromEnv({ KAFKA_SASL_USERNAME: 'ops', KAFKA_SASL_PASSWORD: 'x', KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: 'true' })).toEqual({
      sasl: { mechanism: 'plain', username: 'ops', password: 'x' },
      tls: true,
    });
  });

  it('connects without a login when no user name is set (a broker of one\'s own without SASL)', () => {
    expect(operatorKafkaAccessFromEnv({})).toEqual({ sasl: undefined, tls: false });
  });
});
