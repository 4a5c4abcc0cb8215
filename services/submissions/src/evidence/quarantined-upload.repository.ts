import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface QuarantinedUpload {
  id: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  signatures: string[];
  uploadedBy: string;
  detectedAt: Date;
}

/** The `quarantined_upload` table: the record of every upload found infected (the file itself is deleted). */
@Injectable()
export class QuarantinedUploadRepository {
  async insert(manager: EntityManager, upload: QuarantinedUpload): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'quarantined_upload')}
         (id, pemda_code, year, sub_indicator_code, file_name, sha256, size_bytes, signatures, uploaded_by, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [upload.id, upload.pemdaCode, upload.year, upload.subIndicatorCode, upload.fileName, upload.sha256, upload.sizeBytes, upload.signatures, upload.uploadedBy, upload.detectedAt],
    );
  }
}
