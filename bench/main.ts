import { runMain } from '../tools/process/run-main';
import { runBench } from './bench';

runMain(runBench);
