import { fileURLToPath } from 'node:url';

/** Absolute path of a file under fixtures/pytorch/ (tests run from dist/test/model/). */
export function pytorchFixture(relative: string): string {
  return fileURLToPath(new URL(`../../../fixtures/pytorch/${relative}`, import.meta.url));
}
