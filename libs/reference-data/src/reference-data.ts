import { indexFramework, type Framework, type FrameworkIndex } from '@mcp/mcp-domain';
import type { DataSource } from 'typeorm';

export type Wilayah = 'I' | 'II' | 'III' | 'IV' | 'V';

export interface PemdaRecord {
  code: string;
  name: string;
  kind: 'provinsi' | 'kabupaten' | 'kota';
  provinceCode: string;
  wilayah: Wilayah;
}

export interface FrameworkRecord {
  framework: Framework;
  index: FrameworkIndex;
}

/**
 * Read access to a service's own copy of Pemda and frameworks. Both are small (546 rows, a few
 * framework documents) and change rarely, so they are cached after the first read.
 */
export class ReferenceData {
  private pemdaByCode?: Map<string, PemdaRecord>;
  private readonly frameworks = new Map<number, FrameworkRecord | null>();

  constructor(
    private readonly dataSource: DataSource,
    /** The service's own Postgres schema, which holds its copy. */
    readonly schema: string,
  ) {}

  async findPemda(code: string): Promise<PemdaRecord | undefined> {
    return (await this.allPemdaByCode()).get(code);
  }

  async allPemda(): Promise<PemdaRecord[]> {
    return [...(await this.allPemdaByCode()).values()];
  }

  /**
   * The latest stored revision of a year's framework, or undefined when the year has none. Cached;
   * a new revision shows once invalidate() runs (the FrameworkPublished consumer calls it).
   */
  async frameworkFor(year: number): Promise<FrameworkRecord | undefined> {
    if (!this.frameworks.has(year)) {
      const rows: { document: Framework }[] = await this.dataSource.query(
        `SELECT document FROM "${this.schema}"."framework" WHERE year = $1 ORDER BY revision DESC LIMIT 1`,
        [year],
      );
      const framework = rows[0]?.document;
      this.frameworks.set(year, framework ? { framework, index: indexFramework(framework) } : null);
    }
    return this.frameworks.get(year) ?? undefined;
  }

  /** Forget cached copies, after a seed or a newly published framework revision. */
  invalidate(): void {
    this.pemdaByCode = undefined;
    this.frameworks.clear();
  }

  private async allPemdaByCode(): Promise<Map<string, PemdaRecord>> {
    if (!this.pemdaByCode) {
      const rows: (Omit<PemdaRecord, 'provinceCode'> & { province_code: string })[] =
        await this.dataSource.query(
          `SELECT code, name, kind, province_code, wilayah FROM "${this.schema}"."pemda" ORDER BY code`,
        );
      this.pemdaByCode = new Map(
        rows.map(({ province_code, ...row }) => [row.code, { ...row, provinceCode: province_code }]),
      );
    }
    return this.pemdaByCode;
  }
}
