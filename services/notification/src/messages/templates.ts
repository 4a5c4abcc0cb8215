import { formatLocalTime, localTimeZoneOf } from '@mcp/mcp-domain';
import { loadPemdaList } from '@mcp/master-data';
import type { NotificationKind } from './rules';

export type Locale = 'id' | 'en';

/** The facts a message is written from; every date is shown in the Pemda's own zone. */
export interface MessageFacts {
  kind: NotificationKind;
  pemdaCode?: string;
  provinceCode?: string;
  year?: number;
  subIndicatorCode?: string;
  /** From the year's framework when the notice is made (Notifier), so a sentence can say what PRC.1.1 is. */
  subIndicatorName?: string;
  verifiedValue?: number | string | null;
  reason?: string | null;
  /** ISO instant of what happened (the decision, the closing, the disabling). */
  occurredAt: string;
  webhookUrl?: string;
  failures?: number;
  /** The reminder's offset (H-30, H-7, …): which reminder this is, not what it says. */
  daysBefore?: number;
  /** Whole days left until the deadline when the reminder was written: what it says. */
  daysLeft?: number;
  openItems?: number;
  /** Path-to-target items: the fewest open sub-indicators that reach the target. */
  items?: { code: string; name: string }[];
  /** The one person a personal notice is for (audience `person`): a verifier named by the event. */
  userId?: string;
  /** Who did what the notice is about; never told of their own act (the decider of a sampled decision). */
  actor?: string;
  wilayah?: string;
  taskId?: string;
  /** The other side of a reassignment: who had or now has the task (null: the queue). */
  otherVerifier?: string | null;
  /** The framework revision that dropped a cancelled task's sub-indicator. */
  frameworkRevision?: number;
  /** ISO instant a claim's lease ends. */
  leaseExpiresAt?: string | null;
  outcome?: string;
  /** A dead-letter topic, its records since the last notice, and how many it keeps. */
  topic?: string;
  newDeadLetters?: number;
  deadLettersKept?: number;
  /** A quarantined upload: the file's (harmless) name and what the scanner found. */
  fileName?: string;
  signatures?: string[];
  /** A clarification message: whether it stopped or restarted the task's clock, and carries a file. */
  pausesClock?: boolean;
  clockResumed?: boolean;
  hasAttachment?: boolean;
}

export interface RenderedMessage {
  subject: string;
  /** The message without greeting or footer: what the in-app inbox shows. */
  body: string;
  text: string;
  html: string;
}

interface Lines {
  subject: string;
  paragraphs: string[];
}

/**
 * The Pemda's names from the shipped list (libs/master-data, the file the seeded `pemda` table
 * comes from), so a KPK reader need not look a code up. Read when the module loads: a broken list
 * stops the service at start-up, not each notice later. A province's government is "Provinsi …".
 */
const PEMDA_NAMES: ReadonlyMap<string, string> = new Map(
  loadPemdaList().map((pemda) => [pemda.code, pemda.kind === 'provinsi' ? `Provinsi ${pemda.name}` : pemda.name]),
);

function pemdaNameOf(pemdaCode: string | undefined): string | undefined {
  return pemdaCode ? PEMDA_NAMES.get(pemdaCode) : undefined;
}

/** "Kota Bandung, 32.73" in a subject's parentheses; the code alone for a code the list does not know. */
function pemdaInSubject(f: MessageFacts): string {
  const name = pemdaNameOf(f.pemdaCode);
  return name ? `${name}, ${f.pemdaCode}` : `${f.pemdaCode}`;
}

/** "Kota Bandung, 32.73" inside a sentence's parentheses, else "Pemda 32.73". */
function pemdaInText(f: MessageFacts): string {
  const name = pemdaNameOf(f.pemdaCode);
  return name ? `${name}, ${f.pemdaCode}` : `Pemda ${f.pemdaCode}`;
}

/** "Kota Bandung (32.73)" as a sentence's subject, else "Pemda 32.73". */
function pemdaNamed(f: MessageFacts): string {
  const name = pemdaNameOf(f.pemdaCode);
  return name ? `${name} (${f.pemdaCode})` : `Pemda ${f.pemdaCode}`;
}

/** 'PRC.1.1 "Penetapan SSH"' in a sentence; the code alone when the framework did not name it. */
function subIndicatorNamed(f: MessageFacts): string {
  return f.subIndicatorName ? `${f.subIndicatorCode} "${f.subIndicatorName}"` : `${f.subIndicatorCode}`;
}

/** An e-mail queued before the facts kept `daysLeft` has only the offset to say. */
function daysLeftOf(f: MessageFacts): number | undefined {
  return f.daysLeft ?? f.daysBefore;
}

function when(facts: MessageFacts, locale: Locale, instant: string = facts.occurredAt): string {
  const at = new Date(instant);
  const zone = localTimeZoneOf(facts.provinceCode ?? '31');
  if (locale === 'id') return formatLocalTime(at, zone);
  return `${at.toLocaleString('en-GB', { timeZone: zone.iana, dateStyle: 'long', timeStyle: 'short' })} ${zone.abbreviation}`;
}

const INDONESIAN: Record<NotificationKind, (facts: MessageFacts) => Lines> = {
  'decision.approved': (f) => ({
    subject: `Dokumen disetujui: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Verifikator menyetujui dokumen sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} dengan nilai verifikasi ${f.verifiedValue}.`,
      `Diputuskan pada ${when(f, 'id')}.`,
    ],
  }),
  'decision.rejected': (f) => ({
    subject: `Dokumen ditolak: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Verifikator menolak dokumen sub-indikator ${subIndicatorNamed(f)} tahun ${f.year}.`,
      `Alasan: ${f.reason}`,
      `Diputuskan pada ${when(f, 'id')}. Silakan unggah dokumen yang memenuhi syarat sebelum batas waktu.`,
    ],
  }),
  'decision.revision_requested': (f) => ({
    subject: `Perlu revisi: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Verifikator meminta revisi dokumen sub-indikator ${subIndicatorNamed(f)} tahun ${f.year}.`,
      `Catatan: ${f.reason}`,
      `Diminta pada ${when(f, 'id')}. Silakan unggah dokumen perbaikan.`,
    ],
  }),
  'year.closed': (f) => ({
    subject: `Penilaian MCP tahun ${f.year} telah ditutup`,
    paragraphs: [`Nilai MCP tahun ${f.year} bersifat final sejak ${when(f, 'id')}. Keputusan baru tidak lagi diterima.`],
  }),
  'webhook.disabled': (f) => ({
    subject: `Webhook dinonaktifkan: ${f.webhookUrl}`,
    paragraphs: [
      `Langganan webhook ke ${f.webhookUrl} gagal ${f.failures} kali berturut-turut dan dinonaktifkan pada ${when(f, 'id')}.`,
      'Periksa penerimanya, lalu aktifkan kembali dan kirim ulang pengiriman yang gagal.',
    ],
  }),
  'deadline.reminder': (f) => ({
    subject: `Batas unggah MCP ${f.year}: H-${daysLeftOf(f)} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Batas unggah dokumen MCP tahun ${f.year} adalah ${when(f, 'id')}, ${daysLeftOf(f)} hari lagi.`,
      `Masih ada ${f.openItems} sub-indikator yang belum selesai.`,
      `Prioritas untuk mencapai target: ${(f.items ?? []).map((item) => `${item.code} ${item.name}`).join('; ')}.`,
    ],
  }),
  'deadline.extended': (f) => ({
    subject: `Batas unggah MCP ${f.year} diperpanjang (${pemdaInSubject(f)})`,
    paragraphs: [`Batas unggah dokumen MCP tahun ${f.year} untuk Pemda Anda diperpanjang sampai ${when(f, 'id')}.`, `Alasan: ${f.reason}`],
  }),
  'task.reassigned_to': (f) => ({
    subject: `Tugas verifikasi dialihkan kepada Anda: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Admin mengalihkan tugas verifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}, Wilayah ${f.wilayah}) kepada Anda` +
        `${f.otherVerifier ? `, sebelumnya dipegang ${f.otherVerifier}` : ''} pada ${when(f, 'id')}.`,
      ...(f.leaseExpiresAt ? [`Masa pegang Anda berlaku sampai ${when(f, 'id', f.leaseExpiresAt)}; perpanjang bila perlu.`] : []),
    ],
  }),
  'task.reassigned_from': (f) => ({
    subject: `Tugas verifikasi dialihkan dari Anda: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Admin mengalihkan tugas verifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}) yang Anda pegang ` +
        `${f.otherVerifier ? `kepada ${f.otherVerifier}` : 'kembali ke antrean'} pada ${when(f, 'id')}.`,
      'Anda tidak lagi dapat memutuskan tugas ini.',
    ],
  }),
  'task.rerouted': (f) => ({
    subject: `Tugas verifikasi dipindahkan ke Wilayah ${f.wilayah}: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Tugas verifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}) yang Anda pegang dikembalikan ke antrean ` +
        `Wilayah ${f.wilayah} pada ${when(f, 'id')}: pemetaan wilayah KPK diperbarui dan Pemda ini kini termasuk dalam Wilayah ${f.wilayah}.`,
      `Anda tidak lagi dapat memutuskan tugas ini; verifikator Wilayah ${f.wilayah} dapat mengambilnya dari antrean.`,
    ],
  }),
  'task.cancelled': (f) => ({
    subject: `Tugas verifikasi dibatalkan: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Tugas verifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}) yang Anda pegang dibatalkan pada ${when(f, 'id')}: ` +
        `kerangka MCP ${f.year}${f.frameworkRevision ? ` revisi ${f.frameworkRevision}` : ''} yang baru diterbitkan tidak lagi memuat sub-indikator ini.`,
      'Tugas ini tidak perlu diputuskan; berkas Pemda tetap tercatat. Bila sub-indikator itu kembali dalam revisi berikutnya, tugasnya kembali ke antrean.',
    ],
  }),
  'sub_indicator.removed': (f) => ({
    subject: `Sub-indikator dihapus dari kerangka: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Sejak ${when(f, 'id')}, kerangka MCP ${f.year}${f.frameworkRevision ? ` revisi ${f.frameworkRevision}` : ''} yang baru diterbitkan tidak lagi memuat sub-indikator ${subIndicatorNamed(f)}. ` +
        `Berkas yang diunggah ${pemdaNamed(f)} untuk sub-indikator itu tidak lagi menunggu verifikasi dan tidak dihitung dalam skor.`,
      'Tidak ada yang perlu dilakukan; berkasnya tetap tercatat. Bila sub-indikator itu kembali dalam revisi berikutnya, berkasnya kembali diverifikasi.',
    ],
  }),
  'task.lease_expiring': (f) => ({
    subject: `Masa pegang tugas segera berakhir: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Masa pegang Anda atas tugas verifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}) berakhir pada ${when(f, 'id')}.`,
      'Perpanjang masa pegang bila Anda masih memeriksanya; jika tidak, tugas kembali ke antrean.',
    ],
  }),
  'qa.review_requested': (f) => ({
    subject: `Tinjauan QA menunggu: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Keputusan ${OUTCOME_ID[f.outcome ?? ''] ?? f.outcome} atas sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} (${pemdaInText(f)}, Wilayah ${f.wilayah}) ` +
        `terpilih sebagai sampel QA pada ${when(f, 'id')}.`,
      'Tinjau di antrean QA Anda: konfirmasi atau batalkan keputusan itu.',
    ],
  }),
  'dead_letters.present': (f) => ({
    subject: `Pesan gagal diproses (dead letter): ${f.topic}`,
    paragraphs: [
      `${f.newDeadLetters} pesan baru masuk ke ${f.topic} sejak pemberitahuan terakhir (${f.deadLettersKept} pesan tersimpan), tercatat ${when(f, 'id')}.`,
      'Alasannya ada di header mcp_dlq_reason setiap pesan. Perbaiki penyebabnya, lalu putar ulang pesan tersebut.',
    ],
  }),
  'evidence.quarantined': (f) => ({
    subject: `Berkas ditolak karena virus: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Berkas "${f.fileName}" yang diunggah untuk sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} pada ${when(f, 'id')} ` +
        `terdeteksi mengandung virus atau malware (${(f.signatures ?? []).join(', ')}).`,
      'Berkas itu tidak disimpan dan tidak dapat diunduh siapa pun. Periksa komputer pengirim dengan antivirus, lalu unggah berkas yang bersih.',
    ],
  }),
  // The Pemda is told "Verifikator KPK", never the person (docs/decisions.md #46).
  'clarification.question': (f) => ({
    subject: `Pertanyaan verifikator: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Verifikator KPK mengirim pesan klarifikasi atas dokumen sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} pada ${when(f, 'id')}` +
        `${f.hasAttachment ? ', dengan lampiran' : ''}.`,
      ...(f.pausesClock ? ['Verifikasi dokumen ini menunggu jawaban Anda.'] : []),
      `Baca dan jawab di utas klarifikasi tugas ${f.taskId}.`,
    ],
  }),
  'clarification.answer': (f) => ({
    subject: `Jawaban Pemda: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `${pemdaNamed(f)} menjawab di utas klarifikasi sub-indikator ${subIndicatorNamed(f)} tahun ${f.year} pada ${when(f, 'id')}` +
        `${f.hasAttachment ? ', dengan lampiran' : ''}.`,
      ...(f.clockResumed ? ['Waktu tugas berjalan kembali.'] : []),
      `Baca di utas klarifikasi tugas ${f.taskId}.`,
    ],
  }),
};

const OUTCOME_ID: Record<string, string> = { approved: 'persetujuan', rejected: 'penolakan', revision_requested: 'permintaan revisi' };

const ENGLISH: Record<NotificationKind, (facts: MessageFacts) => Lines> = {
  'decision.approved': (f) => ({
    subject: `Evidence approved: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [`A verifier approved the evidence for sub-indicator ${subIndicatorNamed(f)}, ${f.year}, at ${f.verifiedValue}. Decided ${when(f, 'en')}.`],
  }),
  'decision.rejected': (f) => ({
    subject: `Evidence rejected: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [`A verifier rejected the evidence for sub-indicator ${subIndicatorNamed(f)}, ${f.year}.`, `Reason: ${f.reason}`, `Decided ${when(f, 'en')}.`],
  }),
  'decision.revision_requested': (f) => ({
    subject: `Revision requested: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [`A verifier asked for a revision of sub-indicator ${subIndicatorNamed(f)}, ${f.year}.`, `Note: ${f.reason}`, `Requested ${when(f, 'en')}.`],
  }),
  'year.closed': (f) => ({
    subject: `MCP scoring for ${f.year} is closed`,
    paragraphs: [`The ${f.year} scores are final since ${when(f, 'en')}.`],
  }),
  'webhook.disabled': (f) => ({
    subject: `Webhook disabled: ${f.webhookUrl}`,
    paragraphs: [`The subscription to ${f.webhookUrl} failed ${f.failures} times in a row and was disabled ${when(f, 'en')}.`],
  }),
  'deadline.reminder': (f) => ({
    subject: `MCP ${f.year} upload deadline: ${daysLeftOf(f)} day(s) left (${pemdaInSubject(f)})`,
    paragraphs: [
      `The MCP ${f.year} upload deadline is ${when(f, 'en')}. ${f.openItems} sub-indicator(s) are still open.`,
      `Priority: ${(f.items ?? []).map((item) => `${item.code} ${item.name}`).join('; ')}.`,
    ],
  }),
  'deadline.extended': (f) => ({
    subject: `MCP ${f.year} upload deadline extended (${pemdaInSubject(f)})`,
    paragraphs: [`Your MCP ${f.year} upload deadline is extended until ${when(f, 'en')}.`, `Reason: ${f.reason}`],
  }),
  'task.reassigned_to': (f) => ({
    subject: `Verification task assigned to you: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `An admin gave you the verification task for sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}, Wilayah ${f.wilayah})` +
        `${f.otherVerifier ? `, held before by ${f.otherVerifier}` : ''}, ${when(f, 'en')}.`,
      ...(f.leaseExpiresAt ? [`Your hold on it lasts until ${when(f, 'en', f.leaseExpiresAt)}; extend it if needed.`] : []),
    ],
  }),
  'task.reassigned_from': (f) => ({
    subject: `Verification task taken from you: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `An admin moved the verification task for sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}) ` +
        `${f.otherVerifier ? `to ${f.otherVerifier}` : 'back to the queue'}, ${when(f, 'en')}. You can no longer decide it.`,
    ],
  }),
  'task.rerouted': (f) => ({
    subject: `Verification task moved to Wilayah ${f.wilayah}: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `The verification task for sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}) that you held went back to the queue of ` +
        `Wilayah ${f.wilayah}, ${when(f, 'en')}: KPK's wilayah mapping was updated and this Pemda now belongs to Wilayah ${f.wilayah}.`,
      `You can no longer decide it; a verifier of Wilayah ${f.wilayah} can claim it from the queue.`,
    ],
  }),
  'task.cancelled': (f) => ({
    subject: `Verification task cancelled: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `The verification task for sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}) that you held was cancelled ${when(f, 'en')}: ` +
        `the newly published MCP ${f.year} framework${f.frameworkRevision ? ` (revision ${f.frameworkRevision})` : ''} no longer has this sub-indicator.`,
      'No decision is needed; the Pemda’s files stay recorded. If a later revision has the sub-indicator again, the task returns to the queue.',
    ],
  }),
  'sub_indicator.removed': (f) => ({
    subject: `Sub-indicator removed from the framework: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `Since ${when(f, 'en')}, the newly published MCP ${f.year} framework${f.frameworkRevision ? ` (revision ${f.frameworkRevision})` : ''} no longer has sub-indicator ${subIndicatorNamed(f)}. ` +
        `The files ${pemdaNamed(f)} uploaded for it no longer wait for verification and do not count in the score.`,
      'Nothing needs doing; the files stay recorded. If a later revision has the sub-indicator again, they are verified again.',
    ],
  }),
  'task.lease_expiring': (f) => ({
    subject: `Your hold on the task ends soon: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [`Your hold on the verification task for sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}) ends ${when(f, 'en')}. Extend it if you are still reviewing.`],
  }),
  'qa.review_requested': (f) => ({
    subject: `QA review waiting: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [`A decision (${f.outcome}) on sub-indicator ${subIndicatorNamed(f)}, ${f.year} (${pemdaInText(f)}, Wilayah ${f.wilayah}) was sampled for QA ${when(f, 'en')}.`],
  }),
  'dead_letters.present': (f) => ({
    subject: `Dead letters: ${f.topic}`,
    paragraphs: [
      `${f.newDeadLetters} new record(s) on ${f.topic} since the last notice (${f.deadLettersKept} kept), ${when(f, 'en')}.`,
      'The reason is in each record’s mcp_dlq_reason header.',
    ],
  }),
  'evidence.quarantined': (f) => ({
    subject: `File refused, malware found: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `The file "${f.fileName}" uploaded for sub-indicator ${subIndicatorNamed(f)}, ${f.year}, ${when(f, 'en')} carries malware (${(f.signatures ?? []).join(', ')}).`,
      'It was not kept and nobody can download it. Scan the sending computer, then upload a clean file.',
    ],
  }),
  'clarification.question': (f) => ({
    subject: `Question from the verifier: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `A KPK verifier wrote on the clarification thread of sub-indicator ${subIndicatorNamed(f)}, ${f.year}, ${when(f, 'en')}${f.hasAttachment ? ', with an attachment' : ''}.`,
      ...(f.pausesClock ? ['The verification waits for your answer.'] : []),
      `Read and answer on the thread of task ${f.taskId}.`,
    ],
  }),
  'clarification.answer': (f) => ({
    subject: `The Pemda answered: ${f.subIndicatorCode} (${pemdaInSubject(f)})`,
    paragraphs: [
      `${pemdaNamed(f)} answered on the clarification thread of sub-indicator ${subIndicatorNamed(f)}, ${f.year}, ${when(f, 'en')}${f.hasAttachment ? ', with an attachment' : ''}.`,
      ...(f.clockResumed ? ["The task's clock runs again."] : []),
      `Read it on the thread of task ${f.taskId}.`,
    ],
  }),
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Indonesian by default; English for a recipient who asked for it. */
export function renderMessage(facts: MessageFacts, locale: Locale = 'id', unsubscribeUrl?: string): RenderedMessage {
  const lines = (locale === 'en' ? ENGLISH : INDONESIAN)[facts.kind](facts);
  const footer =
    locale === 'en'
      ? 'Sent by the MCP notification service (KPK).'
      : 'Dikirim oleh layanan notifikasi MCP (KPK).';
  const unsubscribe = unsubscribeUrl
    ? locale === 'en'
      ? `Stop these e-mails: ${unsubscribeUrl}`
      : `Berhenti menerima e-mail jenis ini: ${unsubscribeUrl}`
    : undefined;
  const text = [...lines.paragraphs, '', '--', footer, ...(unsubscribe ? [unsubscribe] : [])].join('\n');
  const html =
    `<!doctype html><html lang="${locale}"><body>` +
    lines.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('') +
    `<hr><p style="color:#666">${escapeHtml(footer)}` +
    (unsubscribeUrl ? `<br><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(unsubscribe ?? '')}</a>` : '') +
    '</p></body></html>';
  return { subject: lines.subject, body: lines.paragraphs.join('\n'), text, html };
}

/** Sample facts per kind, for the preview endpoint. */
export function sampleFacts(kind: NotificationKind): MessageFacts {
  return {
    kind,
    pemdaCode: '94.01',
    provinceCode: '94',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    subIndicatorName: 'Penetapan SSH',
    verifiedValue: '100',
    reason: 'SK penetapan SSH belum ditandatangani kepala daerah',
    occurredAt: '2024-11-30T07:30:00Z',
    webhookUrl: 'https://dasbor.contoh.go.id/mcp',
    failures: 10,
    daysBefore: 7,
    daysLeft: 7,
    openItems: 12,
    items: [{ code: 'PRC.1.1', name: 'Penetapan SSH' }, { code: 'PBJ.2.1', name: 'Rencana umum pengadaan' }],
    userId: 'verifikator-papua-1',
    wilayah: 'V',
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    otherVerifier: 'verifikator-papua-2',
    frameworkRevision: 2,
    leaseExpiresAt: '2024-11-30T08:00:00Z',
    outcome: 'approved',
    topic: 'mcp.evidence.verified.v1.dlq',
    newDeadLetters: 3,
    deadLettersKept: 5,
    fileName: 'laporan-pengadaan.zip',
    signatures: ['Win.Test.EICAR_HDB-1'],
  };
}
