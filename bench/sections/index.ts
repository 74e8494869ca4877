/** @module The benchmark's sections, in the order they run. A new section is a file here and a line in this list. */
import type { BenchSection } from '../section';
import { archivedRangesCost } from './archived-ranges';
import { batchSize } from './batch-size';
import { bundleSize } from './bundle';
import { compaction } from './compaction';
import { formatCost } from './formats';
import { handlerVsFloor } from './handler-vs-floor';

export const SECTIONS: readonly BenchSection[] = [handlerVsFloor, archivedRangesCost, batchSize, formatCost, compaction, bundleSize];
