/** @module The benchmark's sections, in the order they run. A new section is a file here and a line in this list. */
import type { BenchSection } from '../section';
import { batchSize } from './batch-size';
import { bundleSize } from './bundle';
import { handlerVsFloor } from './handler-vs-floor';

export const SECTIONS: readonly BenchSection[] = [handlerVsFloor, batchSize, bundleSize];
