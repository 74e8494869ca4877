import { runMain } from '../process/run-main';
import { runInvoke } from './invoke';

runMain(runInvoke);
