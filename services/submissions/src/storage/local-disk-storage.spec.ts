import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from './local-disk-storage';
import { describeStorageDriver } from './storage-driver.suite';

describeStorageDriver('local-disk', () => new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'mcp-storage-'))));
