import { WILAYAH } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';
import type { PemdaEntry } from './pemda-directory';

/** One Pemda of the shipped list, as the pages read it. */
export class PemdaEntryView implements PemdaEntry {
  @ApiProperty({ example: '32.73' }) code!: string;
  @ApiProperty({ example: 'Kota Bandung' }) name!: string;
  @ApiProperty({ enum: ['provinsi', 'kabupaten', 'kota'], example: 'kota' }) kind!: string;
  @ApiProperty({ example: '32' }) provinceCode!: string;
  @ApiProperty({ example: 'Jawa Barat', description: "The province's name as listed (the pages say 'Provinsi Jawa Barat')" }) provinceName!: string;
  @ApiProperty({ enum: WILAYAH }) wilayah!: PemdaEntry['wilayah'];
  @ApiProperty({ enum: ['WIB', 'WITA', 'WIT'] }) timeZone!: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timeZoneIana!: string;
}
