import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import type { SubmissionsConfig } from '../submissions-config';
import { createStorage } from './create-storage';
import { EvidenceStorage } from './evidence-storage';

/** Checks the storage (folder or bucket) before the service takes its first upload. */
class StoragePreparation implements OnApplicationBootstrap {
  constructor(private readonly storage: EvidenceStorage) {}

  onApplicationBootstrap(): Promise<void> {
    return this.storage.prepare();
  }
}

/** The configured storage driver; global, so features use it without passing configuration along. */
@Module({})
export class StorageModule {
  static register(config: SubmissionsConfig): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: EvidenceStorage, useValue: createStorage(config) },
        { provide: StoragePreparation, inject: [EvidenceStorage], useFactory: (storage: EvidenceStorage) => new StoragePreparation(storage) },
      ],
      exports: [EvidenceStorage],
    };
  }
}
