import { runMain } from '../process/run-main';
import { runOssEmulator } from './command';

runMain(runOssEmulator);
