// Function Compute entry point (runtime nodejs20): handler `index.handler`, initializer `index.initializer`.
import { createOssSink } from '../../lib/sink/oss-sink';

const sink = createOssSink();

export const initializer = sink.initializer;
export const handler = sink.handler;
