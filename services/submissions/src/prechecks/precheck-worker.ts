import { inspectFile, type FileFindings, type InspectionRequest } from './file-findings';

// Runs on a thread of the inspection pool (isolated-inspection.ts), one file at a time: a PDF that
// exhausts the heap or loops takes only this thread down, and the service sees a failed job.
export default async function inspect(request: InspectionRequest): Promise<{ findings?: FileFindings; error?: string }> {
  try {
    return { findings: await inspectFile(request) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
