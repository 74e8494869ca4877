// Function Compute entry point (runtime nodejs20): handler `index.handler`, initializer `index.initializer`.
import { createSinkFunction } from '../../lib/sink/lifecycle';

export const { initializer, handler } = createSinkFunction();
