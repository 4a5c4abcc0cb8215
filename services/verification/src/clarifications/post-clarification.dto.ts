import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, Matches } from 'class-validator';

export class PostClarificationDto {
  @ApiProperty({ example: 'Apakah SK ini sudah ditandatangani bupati? Lampiran tanda tangan tidak terlihat.', maxLength: 4000 })
  @IsString({ message: 'body harus teks (body must be text)' })
  @Matches(/\S/, { message: 'body tidak boleh kosong (body must not be blank)' })
  @MaxLength(4000, { message: 'body paling panjang 4000 karakter (body is at most 4000 characters)' })
  body: string;

  @ApiPropertyOptional({
    description: "Verifiers only: the task's clock stops (manager views, time to decision) until the Pemda answers",
    default: false,
  })
  @IsOptional()
  @IsBoolean({ message: 'pausesClock harus true atau false (pausesClock must be a boolean)' })
  pausesClock?: boolean;

  @ApiPropertyOptional({ description: 'An attachment uploaded first with POST /v1/clarification-attachments (submissions)' })
  @IsOptional()
  @IsUUID('all', { message: 'attachmentId harus UUID lampiran dari layanan submissions (attachmentId must be a UUID)' })
  attachmentId?: string;
}
