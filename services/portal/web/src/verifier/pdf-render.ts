import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// Loaded only by the evidence viewer (dynamic import), so PDF.js never weighs on the first page.
GlobalWorkerOptions.workerSrc = workerUrl;

export async function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  // PDF.js transfers the buffer to its worker; a copy keeps the caller's bytes usable for download.
  return getDocument({ data: new Uint8Array(bytes.slice(0)) }).promise;
}

/**
 * Draws one page on the canvas. PDF.js refuses a second render on a canvas still being drawn, so
 * an aborted `signal` (the page, zoom or file changed) cancels this one, which frees the canvas at
 * once, and a render not yet begun does not begin.
 */
export async function renderPage(pdf: PDFDocumentProxy, pageNumber: number, canvas: HTMLCanvasElement, scale: number, signal: AbortSignal): Promise<void> {
  const page = await pdf.getPage(pageNumber);
  if (signal.aborted) return;
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas 2d context unavailable');
  const task = page.render({ canvas, canvasContext: context, viewport });
  const cancel = () => task.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    await task.promise;
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
