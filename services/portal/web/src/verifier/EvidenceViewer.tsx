import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { downloadPath, fetchBytes } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { formatBytes } from '../shell/format';
import { PrecheckNotes } from '../shell/PrecheckNotes';
import { ErrorNotice, Loading } from '../shell/ui';
import { zipEntries, type ZipEntry } from './zip-entries';

type Shown =
  | { kind: 'pdf'; pdf: PDFDocumentProxy }
  | { kind: 'pdfUnreadable' }
  | { kind: 'image'; url: string }
  | { kind: 'zip'; entries: ZipEntry[] | null }
  | { kind: 'other' };

interface Props {
  evidenceId: string;
  fileName: string;
  sizeBytes: number;
}

function isZip(contentType: string, fileName: string): boolean {
  return contentType.includes('zip') || /\.zip$/i.test(fileName);
}

/**
 * Shows one evidence file inside the page: PDF drawn on a canvas by PDF.js, images from a blob
 * URL, a ZIP as its entry list. Nothing is ever rendered as HTML, whatever the file claims to be.
 */
export function EvidenceViewer({ evidenceId, fileName, sizeBytes }: Props) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const [contentType, setContentType] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    let pdf: PDFDocumentProxy | null = null;
    setShown(null);
    setError(null);
    (async () => {
      const { bytes, contentType: type } = await fetchBytes(downloadPath(evidenceId), controller.signal);
      if (controller.signal.aborted) return;
      setContentType(type);
      if (type.startsWith('application/pdf')) {
        const { openPdf } = await import('./pdf-render');
        let opened: PDFDocumentProxy;
        try {
          opened = await openPdf(bytes);
        } catch {
          // PDF.js refuses a password-protected or damaged file: "try again" would not help, the download might.
          if (!controller.signal.aborted) setShown({ kind: 'pdfUnreadable' });
          return;
        }
        // Closed (another file chosen) while it opened: the cleanup below has run already.
        if (controller.signal.aborted) {
          void opened.loadingTask.destroy();
          return;
        }
        pdf = opened;
        setShown({ kind: 'pdf', pdf });
      } else if (type === 'image/png' || type === 'image/jpeg') {
        objectUrl = URL.createObjectURL(new Blob([bytes], { type }));
        setShown({ kind: 'image', url: objectUrl });
      } else if (isZip(type, fileName) && !/\.(xlsx|docx)$/i.test(fileName)) {
        setShown({ kind: 'zip', entries: zipEntries(bytes) });
      } else {
        setShown({ kind: 'other' });
      }
    })().catch((cause: unknown) => {
      if (!controller.signal.aborted) setError(cause);
    });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      void pdf?.loadingTask.destroy();
    };
  }, [evidenceId, fileName]);

  return (
    <div className="viewer" data-testid="evidence-viewer">
      <div className="viewer-head">
        <strong>{fileName}</strong>{' '}
        <span className="muted small">
          {formatBytes(sizeBytes, locale)}
          {contentType && ` · ${contentType}`}
        </span>{' '}
        <a href={downloadPath(evidenceId)} download={fileName} className="button-secondary small" aria-label={`${t('viewer.download')}: ${fileName}`}>
          {t('viewer.download')}
        </a>
      </div>
      <PrecheckNotes evidenceId={evidenceId} />
      <ErrorNotice error={error} />
      {!shown && !error && <Loading label={t('viewer.loading')} />}
      {shown?.kind === 'pdf' && <PdfPages pdf={shown.pdf} fileName={fileName} />}
      {shown?.kind === 'pdfUnreadable' && <p className="notice notice-warning">{t('viewer.pdfUnreadable')}</p>}
      {shown?.kind === 'image' && <img src={shown.url} alt={t('viewer.imageAlt', { name: fileName })} className="viewer-image" />}
      {shown?.kind === 'zip' &&
        (shown.entries ? (
          <div className="table-wrap">
            <table>
              <caption>{t('viewer.zipEntries', { count: shown.entries.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('viewer.entry')}</th>
                  <th scope="col" className="num">
                    {t('viewer.size')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.entries.map((entry) => (
                  <tr key={entry.name}>
                    <td>{entry.name}</td>
                    <td className="num">{formatBytes(entry.size, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('viewer.zipUnreadable')}</p>
        ))}
      {shown?.kind === 'other' && <p>{t('viewer.noPreview')}</p>}
    </div>
  );
}

function PdfPages({ pdf, fileName }: { pdf: PDFDocumentProxy; fileName: string }) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [page, setPage] = useState(1);
  const [scale, setScale] = useState(1.2);
  // A page PDF.js cannot draw (a damaged file): said as such, and gone once another page draws.
  const [pageFailed, setPageFailed] = useState(false);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // The render under way must end before the next one draws on the same canvas (a verifier's
    // screenshot once showed PDF.js refusing the second render as an error).
    const rendering = new AbortController();
    import('./pdf-render')
      .then(({ renderPage }) => renderPage(pdf, page, canvas, scale, rendering.signal))
      .then(
        () => !rendering.signal.aborted && setPageFailed(false),
        () => !rendering.signal.aborted && setPageFailed(true),
      );
    return () => rendering.abort();
  }, [pdf, page, scale]);
  return (
    <div className="pdf">
      <div className="button-row" role="toolbar" aria-label={t('viewer.pdfTools')}>
        <button type="button" className="button-secondary small" onClick={() => setPage((value) => Math.max(1, value - 1))} disabled={page <= 1}>
          {t('viewer.prev')}
        </button>
        <span aria-live="polite">{t('viewer.page', { page, pages: pdf.numPages })}</span>
        <button
          type="button"
          className="button-secondary small"
          onClick={() => setPage((value) => Math.min(pdf.numPages, value + 1))}
          disabled={page >= pdf.numPages}
        >
          {t('viewer.next')}
        </button>
        <button type="button" className="button-secondary small" onClick={() => setScale((value) => Math.max(0.5, value - 0.2))}>
          {t('viewer.zoomOut')}
        </button>
        <button type="button" className="button-secondary small" onClick={() => setScale((value) => Math.min(3, value + 0.2))}>
          {t('viewer.zoomIn')}
        </button>
      </div>
      {pageFailed && <p className="notice notice-warning">{t('viewer.pdfUnreadable')}</p>}
      {/* Focusable so a keyboard user can scroll a zoomed page with the arrow keys. */}
      <div className="pdf-canvas-wrap" tabIndex={0} role="region" aria-label={t('viewer.pdfTools')}>
        <canvas ref={canvasRef} role="img" aria-label={t('viewer.pdfAlt', { name: fileName, page })} />
      </div>
    </div>
  );
}
