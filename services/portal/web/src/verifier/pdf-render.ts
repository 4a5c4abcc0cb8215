import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// Loaded only by the evidence viewer (dynamic import), so PDF.js never weighs on the first page.
GlobalWorkerOptions.workerSrc = workerUrl;

export async function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  // PDF.js transfers the buffer to its worker; a copy keeps the caller's bytes usable for download.
  return getDocument({ data: new Uint8Array(bytes.slice(0)) }).promise;
}

export async function renderPage(pdf: PDFDocumentProxy, pageNumber: number, canvas: HTMLCanvasElement, scale: number): Promise<void> {
  const page = await pdf.getPage(pageNumber);
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas 2d context unavailable');
  await page.render({ canvas, canvasContext: context, viewport }).promise;
}
