import { auditTrail } from '@mcp/audit-trail';
import type { AuthPrincipal } from '@mcp/auth';
import { subIndicatorWeightInTotal, type DecisionOutcome } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvidenceTrailRepository, type ItemStatus } from '../evidence-trail/evidence-trail.repository';
import { dayEnd } from '../reports/month-end';
import type { DetailRow } from './detail-columns';
import type { DetailExportQuery } from './detail-export.query';

const STATUS_NAMES: Record<DecisionOutcome, string> = {
  approved: 'Disetujui',
  rejected: 'Ditolak',
  revision_requested: 'Perlu revisi',
};
const NOT_COUNTED = 'Tidak dihitung';

/**
 * Every Pemda × sub-indicator of a year's framework, as of now or the end of a day (WIB): its
 * uploads, claim, decision in force and verified value. Only items with activity are read from the
 * database; the rest of the 546 × N rows are generated while the export is written, so the whole
 * table is never held in memory.
 *
 * Every Pemda's claims and decisions leave the platform in one file, so who took them is recorded
 * as an evidence download is: in the audit trail, once the year is known to exist and before a row
 * is read (docs/decisions.md #203). A failed append fails the export.
 */
@Injectable()
export class PemdaDetail {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly trail: EvidenceTrailRepository,
  ) {}

  async rows(principal: AuthPrincipal, { year, asOf, format }: DetailExportQuery): Promise<Iterable<DetailRow>> {
    const { framework } = await this.referenceData.requireFramework(year);
    await auditTrail.append(this.dataSource.manager, { actor: principal, action: 'report.detail-exported', year, details: { format, asOf: asOf ?? null } });
    const pemda = await this.referenceData.allPemda();
    const items = await this.trail.itemStatuses(this.dataSource.manager, year, asOf === undefined ? null : dayEnd(asOf), null);
    const statusOf = new Map(items.map((item) => [`${item.pemdaCode}/${item.subIndicatorCode}`, item]));
    const subIndicators = framework.areas.flatMap((area) =>
      area.indicators.flatMap((indicator) =>
        indicator.subIndicators.map((sub) => ({
          areaCode: area.code,
          indicatorCode: indicator.code,
          subIndicatorCode: sub.code,
          subIndicatorName: sub.name,
          weightInTotal: Number(subIndicatorWeightInTotal({ area, indicator, subIndicator: sub }).toFixed(6)),
        })),
      ),
    );
    return (function* () {
      for (const record of pemda) {
        for (const sub of subIndicators) {
          const item = statusOf.get(`${record.code}/${sub.subIndicatorCode}`);
          yield {
            pemdaCode: record.code,
            pemdaName: record.name,
            kind: record.kind,
            provinceCode: record.provinceCode,
            wilayah: record.wilayah,
            ...sub,
            ...itemFigures(item),
          };
        }
      }
    })();
  }
}

function itemFigures(item: ItemStatus | undefined): Pick<DetailRow, 'evidenceCount' | 'claimedValue' | 'status' | 'verifiedValue' | 'decidedAt'> {
  const evidenceCount = item?.evidenceCount ?? 0;
  const outcome = item?.outcome ?? null;
  let status = evidenceCount > 0 ? 'Menunggu verifikasi' : 'Belum diunggah';
  if (outcome !== null) status = STATUS_NAMES[outcome];
  // The newest decision was refused by scoring (#120): said as the Pemda's own page says it; the
  // figures stay those of the decision in force, the ones its score is made of.
  if (item?.notCountedReason) status = NOT_COUNTED;
  let verifiedValue: number | null = null;
  if (outcome === 'approved') verifiedValue = Number(item?.verifiedValue ?? 0);
  if (outcome === 'rejected') verifiedValue = 0;
  return {
    evidenceCount,
    claimedValue: item?.claimedValue === undefined || item.claimedValue === null ? null : Number(item.claimedValue),
    status,
    verifiedValue,
    decidedAt: item?.decidedAt?.toISOString() ?? null,
  };
}
