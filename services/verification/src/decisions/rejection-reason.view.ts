import { ApiProperty } from '@nestjs/swagger';

export class RejectionReasonView {
  @ApiProperty({ example: 'DOKUMEN_TIDAK_LENGKAP' }) code: string;
  @ApiProperty({ example: 'Dokumen tidak lengkap' }) label: string;
}
