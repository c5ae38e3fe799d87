import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderBytes } from '../../src/evaluation/folder-bytes.js';
import { temporaryDirectory } from '../support/batches.js';

describe('folderBytes', () => {
  it('adds up every file below the folder, nested ones too', () => {
    const folder = temporaryDirectory();
    mkdirSync(join(folder, 'schema', 'index'), { recursive: true });
    writeFileSync(join(folder, 'neostore'), Buffer.alloc(1000));
    writeFileSync(join(folder, 'schema', 'index', 'range-1'), Buffer.alloc(2345));
    expect(folderBytes(folder)).toBe(3345);
  });
});
