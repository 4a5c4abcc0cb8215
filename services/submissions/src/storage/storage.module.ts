import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SubmissionsConfig } from '../submissions-config';
import { createStorage } from './create-storage';
import { EvidenceStorage } from './evidence-storage';
import { PendingUploadRecordingStorage, PendingUploads } from './pending-uploads';

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
        {
          provide: EvidenceStorage,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new PendingUploadRecordingStorage(createStorage(config), new PendingUploads(dataSource)),
        },
        { provide: StoragePreparation, inject: [EvidenceStorage], useFactory: (storage: EvidenceStorage) => new StoragePreparation(storage) },
      ],
      exports: [EvidenceStorage],
    };
  }
}
