import { Module, type DynamicModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { diskStorage } from 'multer';
import type { SubmissionsConfig } from '../submissions-config';
import { EvidenceController } from './evidence.controller';
import { Evidence } from './evidence.entity';
import { EvidenceService } from './evidence.service';
import { EvidenceStorage, LocalDiskStorage } from './evidence-storage';

@Module({})
export class EvidenceModule {
  static register(config: SubmissionsConfig): DynamicModule {
    const storage = new LocalDiskStorage(config.STORAGE_DIR);
    mkdirSync(storage.incomingDirectory, { recursive: true });
    return {
      module: EvidenceModule,
      imports: [
        TypeOrmModule.forFeature([Evidence]),
        // Streams the upload to disk (never whole in memory) and cuts it at the size limit.
        MulterModule.register({
          storage: diskStorage({ destination: storage.incomingDirectory }),
          limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 10 },
        }),
      ],
      controllers: [EvidenceController],
      providers: [EvidenceService, { provide: EvidenceStorage, useValue: storage }],
    };
  }
}
