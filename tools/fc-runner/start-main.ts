import { runMain } from '../process/run-main';
import { runStart } from './start';

runMain(runStart);
