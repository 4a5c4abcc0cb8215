// Test and operator tools, kept out of the production barrel: `@mcp/messaging/testing`.
export * from './kafka/event-tap';
export * from './kafka/direct-event-publisher';
export * from './kafka/dead-letters';
