// Function Compute entry point (runtime nodejs20, timer trigger): handler `index.handler`, initializer `index.initializer`.
import { createCompactorFunction } from '../../lib/compactor/compactor-lifecycle';

export const { initializer, handler } = createCompactorFunction();
