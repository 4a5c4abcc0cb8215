import { renderMessage, sampleFacts } from './templates';
import { NOTIFICATION_KINDS } from './rules';

describe('renderMessage', () => {
  const rejection = { ...sampleFacts('decision.rejected'), reason: 'Lampiran <tidak> lengkap' };

  it('writes the reason and the time in the Pemda’s own zone', () => {
    const inPapua = renderMessage(rejection);
    expect(inPapua.text).toContain('Alasan: Lampiran <tidak> lengkap');
    expect(inPapua.text).toContain('30 November 2024 pukul 16.30 WIT');
    expect(renderMessage({ ...rejection, provinceCode: '51' }).text).toContain('pukul 15.30 WITA');
    expect(renderMessage({ ...rejection, provinceCode: '32' }).text).toContain('pukul 14.30 WIB');
  });

  it('escapes the reason in HTML', () => {
    expect(renderMessage(rejection).html).toContain('Lampiran &#60;tidak&#62; lengkap');
  });

  it('offers an unsubscribe link only when given one, and English on request', () => {
    expect(renderMessage(rejection).text).not.toContain('Berhenti');
    expect(renderMessage(rejection, 'id', 'http://x/u').text).toContain('Berhenti menerima e-mail jenis ini: http://x/u');
    expect(renderMessage(rejection, 'en').subject).toBe('Evidence rejected: PRC.1.1 (Kabupaten Nabire, 94.01)');
  });

  it('names the Pemda beside its code, and keeps the code alone for one the shipped list does not know', () => {
    expect(renderMessage(rejection).subject).toBe('Dokumen ditolak: PRC.1.1 (Kabupaten Nabire, 94.01)');
    const answered = renderMessage({ ...sampleFacts('clarification.answer'), pemdaCode: '32.73' });
    expect(answered.text).toMatch(/^Kota Bandung \(32\.73\) menjawab/);
    expect(renderMessage({ ...sampleFacts('qa.review_requested'), pemdaCode: '32.73', wilayah: 'III' }).text).toContain('(Kota Bandung, 32.73, Wilayah III)');
    const unknown = renderMessage({ ...sampleFacts('task.reassigned_to'), pemdaCode: '99.99' });
    expect(unknown.subject).toBe('Tugas verifikasi dialihkan kepada Anda: PRC.1.1 (99.99)');
    expect(unknown.text).toContain('(Pemda 99.99, Wilayah');
    expect(renderMessage({ ...rejection, pemdaCode: '32' }).subject).toBe('Dokumen ditolak: PRC.1.1 (Provinsi Jawa Barat, 32)');
  });

  it('says what the sub-indicator is beside its code in sentences (subjects keep the code), and the code alone without a name', () => {
    const named = renderMessage(rejection);
    expect(named.text).toMatch(/^Verifikator menolak dokumen sub-indikator PRC\.1\.1 "Penetapan SSH" tahun 2024\./);
    expect(named.subject).toBe('Dokumen ditolak: PRC.1.1 (Kabupaten Nabire, 94.01)');
    expect(renderMessage(rejection, 'en').text).toContain('for sub-indicator PRC.1.1 "Penetapan SSH", 2024.');
    expect(renderMessage({ ...rejection, subIndicatorName: undefined }).text).toMatch(/^Verifikator menolak dokumen sub-indikator PRC\.1\.1 tahun 2024\./);
    expect(renderMessage({ ...rejection, subIndicatorName: 'SK "baru" <draf>' }).html).toContain('&#34;SK &#34;baru&#34; &#60;draf&#62;&#34;');
  });

  it('tells a verifier given a task who had it and until when their claim holds, in the Pemda’s zone', () => {
    const given = renderMessage({ ...sampleFacts('task.reassigned_to'), occurredAt: '2024-11-30T07:30:00Z', leaseExpiresAt: '2024-11-30T08:00:00Z' });
    expect(given.text).toContain('sebelumnya dipegang verifikator-papua-2 pada 30 November 2024 pukul 16.30 WIT');
    expect(given.text).toContain('Masa pegang Anda berlaku sampai 30 November 2024 pukul 17.00 WIT');
    expect(renderMessage({ ...sampleFacts('task.reassigned_from'), otherVerifier: null }).text).toContain('kembali ke antrean');
  });

  it('tells the holder of a task a framework revision cancelled which revision dropped it (#197)', () => {
    const cancelled = renderMessage(sampleFacts('task.cancelled'));
    expect(cancelled.subject).toBe('Tugas verifikasi dibatalkan: PRC.1.1 (Kabupaten Nabire, 94.01)');
    expect(cancelled.text).toContain('kerangka MCP 2024 revisi 2 yang baru diterbitkan tidak lagi memuat sub-indikator ini');
    expect(renderMessage(sampleFacts('task.cancelled'), 'en').text).toContain('(revision 2) no longer has this sub-indicator');
  });

  it('tells the holder of a task a changed wilayah mapping moved which wilayah it went to, and that nobody took it from them (#221)', () => {
    const moved = renderMessage({ ...sampleFacts('task.rerouted'), wilayah: 'IV' });
    expect(moved.subject).toBe('Tugas verifikasi dipindahkan ke Wilayah IV: PRC.1.1 (Kabupaten Nabire, 94.01)');
    expect(moved.text).toContain('dikembalikan ke antrean Wilayah IV pada 30 November 2024 pukul 16.30 WIT: pemetaan wilayah KPK diperbarui');
    expect(moved.text).not.toContain('Admin');
    expect(renderMessage({ ...sampleFacts('task.rerouted'), wilayah: 'IV' }, 'en').text).toContain('went back to the queue of Wilayah IV, 30 November 2024');
  });

  it('tells the Pemda that a revision dropped a sub-indicator it uploaded for, and that nothing needs doing (#199)', () => {
    const removed = renderMessage({ ...sampleFacts('sub_indicator.removed'), occurredAt: '2024-11-30T07:30:00Z' });
    expect(removed.subject).toBe('Sub-indikator dihapus dari kerangka: PRC.1.1 (Kabupaten Nabire, 94.01)');
    expect(removed.text).toContain('Sejak 30 November 2024 pukul 16.30 WIT, kerangka MCP 2024 revisi 2 yang baru diterbitkan tidak lagi memuat sub-indikator PRC.1.1');
    expect(removed.text).toContain('Berkas yang diunggah Kabupaten Nabire (94.01) untuk sub-indikator itu tidak lagi menunggu verifikasi');
    expect(renderMessage(sampleFacts('sub_indicator.removed'), 'en').text).toContain('The files Kabupaten Nabire (94.01) uploaded for it no longer wait for verification');
  });

  it('does not name the decider in a QA notice', () => {
    expect(renderMessage({ ...sampleFacts('qa.review_requested'), actor: 'verifikator-papua-1' }).text).not.toContain('verifikator-papua-1');
  });

  it('states the days left in a deadline reminder, not the offset it was claimed for', () => {
    const late = renderMessage({ ...sampleFacts('deadline.reminder'), daysBefore: 30, daysLeft: 16 });
    expect(late.subject).toBe('Batas unggah MCP 2024: H-16 (Kabupaten Nabire, 94.01)');
    expect(late.text).toContain('adalah 30 November 2024 pukul 16.30 WIT, 16 hari lagi.');
    expect(renderMessage({ ...sampleFacts('deadline.reminder'), daysBefore: 30, daysLeft: 16 }, 'en').subject).toBe('MCP 2024 upload deadline: 16 day(s) left (Kabupaten Nabire, 94.01)');
    // An e-mail queued before the facts kept the days left says its offset, as it did.
    expect(renderMessage({ ...sampleFacts('deadline.reminder'), daysBefore: 7, daysLeft: undefined }).subject).toBe('Batas unggah MCP 2024: H-7 (Kabupaten Nabire, 94.01)');
  });

  it('has an Indonesian and an English template for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(renderMessage(sampleFacts(kind)).subject).not.toBe('');
      expect(renderMessage(sampleFacts(kind), 'en').subject).not.toBe('');
    }
  });
});
