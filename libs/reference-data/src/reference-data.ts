import { findSubIndicator, indexFramework, type LocatedSubIndicator, type Framework, type FrameworkIndex, type PemdaKind, type Wilayah } from '@mcp/mcp-domain';
import { DomainError, schemaOf } from '@mcp/service-runtime';
import type { DataSource, EntityManager } from 'typeorm';

export type { Wilayah } from '@mcp/mcp-domain';

export interface PemdaRecord {
  code: string;
  name: string;
  kind: PemdaKind;
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
  /** Reads under way: callers of one year while it loads share its one query. */
  private readonly loadingFrameworks = new Map<number, Promise<FrameworkRecord | null>>();
  /** Bumped by invalidate(): a read begun before it must not store what it read. */
  private generation = 0;

  /** The service's own Postgres schema, which holds its copy. */
  readonly schema: string;

  constructor(private readonly dataSource: DataSource) {
    this.schema = schemaOf(dataSource);
  }

  /** `db`: see frameworkFor. */
  async findPemda(code: string, db?: EntityManager): Promise<PemdaRecord | undefined> {
    return (await this.allPemdaByCode(db)).get(code);
  }

  async allPemda(): Promise<PemdaRecord[]> {
    return [...(await this.allPemdaByCode()).values()];
  }

  /**
   * The latest stored revision of a year's framework, or undefined when the year has none. Cached;
   * a new revision shows once invalidate() runs (on every replica, after a change notice).
   *
   * Inside a transaction, pass its manager as `db` (a READ COMMITTED one, as every service's
   * request transactions are): a cache miss then reads on the transaction's own connection. Read
   * through the pool instead, it waits for a second connection while holding the first and its
   * locks; after an invalidate(), a full pool of such transactions would wait on each other until
   * the pool's connection timeout (docs/decisions.md #212).
   */
  async frameworkFor(year: number, db?: EntityManager): Promise<FrameworkRecord | undefined> {
    if (this.frameworks.has(year)) return this.frameworks.get(year) ?? undefined;
    if (db) {
      const generation = this.generation;
      const record = await this.readFramework(year, db);
      if (generation === this.generation && !this.frameworks.has(year)) this.frameworks.set(year, record);
      return record ?? undefined;
    }
    let loading = this.loadingFrameworks.get(year);
    if (!loading) {
      const generation = this.generation;
      const read = this.readFramework(year).then((record) => {
        if (generation === this.generation) this.frameworks.set(year, record);
        return record;
      });
      loading = read.finally(() => {
        if (this.loadingFrameworks.get(year) === loading) this.loadingFrameworks.delete(year);
      });
      this.loadingFrameworks.set(year, loading);
    }
    return (await loading) ?? undefined;
  }

  /** The newest framework of a year as `db` sees it (a transaction's snapshot), past the cache. */
  async frameworkIn(db: EntityManager, year: number): Promise<FrameworkRecord | undefined> {
    return (await this.readFramework(year, db)) ?? undefined;
  }

  private async readFramework(year: number, db: EntityManager | DataSource = this.dataSource): Promise<FrameworkRecord | null> {
    const rows: { document: Framework }[] = await db.query(
      `SELECT document FROM "${this.schema}"."framework" WHERE year = $1 ORDER BY revision DESC LIMIT 1`,
      [year],
    );
    const framework = rows[0]?.document;
    return framework ? { framework, index: indexFramework(framework) } : null;
  }

  /**
   * Lookup-or-refuse, worded and coded once for every service: a request that names a Pemda,
   * framework year or sub-indicator the platform does not know gets 404 with one of
   * UNKNOWN_PEMDA, UNKNOWN_FRAMEWORK_YEAR, UNKNOWN_SUB_INDICATOR, wherever the code appeared.
   */
  async requirePemda(code: string, db?: EntityManager): Promise<PemdaRecord> {
    const pemda = await this.findPemda(code, db);
    if (!pemda) throw new DomainError('not-found', 'UNKNOWN_PEMDA', `Pemda ${code} tidak dikenal (unknown Pemda)`, { pemdaCode: code });
    return pemda;
  }

  /** `db`: see frameworkFor. */
  async requireFramework(year: number, db?: EntityManager): Promise<FrameworkRecord> {
    const framework = await this.frameworkFor(year, db);
    if (!framework) {
      throw new DomainError(
        'not-found',
        'UNKNOWN_FRAMEWORK_YEAR',
        `Kerangka MCP tahun ${year} tidak tersedia (no MCP framework for year ${year})`,
        { year },
      );
    }
    return framework;
  }

  requireSubIndicator(framework: FrameworkRecord, code: string): LocatedSubIndicator {
    const located = findSubIndicator(framework.index, code);
    if (!located) {
      throw new DomainError(
        'not-found',
        'UNKNOWN_SUB_INDICATOR',
        `Sub-indikator ${code} tidak ada dalam kerangka MCP ${framework.framework.year} (unknown sub-indicator)`,
        { year: framework.framework.year, subIndicatorCode: code },
      );
    }
    return located;
  }

  /** Forget cached copies, after a seed or a newly published framework revision. */
  invalidate(): void {
    this.generation += 1;
    this.pemdaByCode = undefined;
    this.frameworks.clear();
    this.loadingFrameworks.clear();
  }

  /**
   * Every Pemda as the table holds it now, read in the caller's transaction and not cached: for a
   * write that must not count a Pemda where a re-seed has just moved it from (a new year's region
   * rows, opened once with their Pemda counts).
   */
  async allPemdaIn(db: EntityManager): Promise<PemdaRecord[]> {
    return [...(await this.readPemda(db)).values()];
  }

  private async readPemda(db: EntityManager | DataSource): Promise<Map<string, PemdaRecord>> {
    const rows: (Omit<PemdaRecord, 'provinceCode'> & { province_code: string })[] = await db.query(
      `SELECT code, name, kind, province_code, wilayah FROM "${this.schema}"."pemda" ORDER BY code`,
    );
    return new Map(rows.map(({ province_code, ...row }) => [row.code, { ...row, provinceCode: province_code }]));
  }

  private async allPemdaByCode(db?: EntityManager): Promise<Map<string, PemdaRecord>> {
    if (this.pemdaByCode) return this.pemdaByCode;
    const generation = this.generation;
    const read = await this.readPemda(db ?? this.dataSource);
    // As for frameworks: a read begun before a change notice answers its caller but is not kept.
    if (generation === this.generation) this.pemdaByCode = read;
    return read;
  }
}
