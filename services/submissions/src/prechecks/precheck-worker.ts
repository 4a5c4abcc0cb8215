import { parentPort, workerData } from 'node:worker_threads';
import { inspectFile, type InspectionRequest } from './file-findings';

// One file per worker: a PDF that exhausts memory or loops only takes this thread down, and the
// service (isolated-inspection.ts) sees an exit or a timeout instead.
inspectFile(workerData as InspectionRequest)
  .then((findings) => parentPort?.postMessage({ findings }))
  .catch((error: Error) => parentPort?.postMessage({ error: error.message }));
