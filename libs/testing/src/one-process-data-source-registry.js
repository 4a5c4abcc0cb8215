// Test-only stand-in for @nestjs/typeorm's DataSourceNameRegistry (mapped in
// jest.integration.config.js). The registry is process-wide and warns when a second
// TypeOrmModule.forRoot() uses the same name; the e2e suites run several services in one process,
// each with its own Nest container and its own default data source, which production never does
// (one service per process). Same API, no warning.
class DataSourceNameRegistry {
  static registeredNames = new Set();
  static register(name) {
    this.registeredNames.add(name);
  }
  static unregister(name) {
    this.registeredNames.delete(name);
  }
  static has(name) {
    return this.registeredNames.has(name);
  }
  static clear() {
    this.registeredNames.clear();
  }
}
module.exports = { DataSourceNameRegistry };
