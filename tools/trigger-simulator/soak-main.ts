import { runMain } from '../process/run-main';
import { runSoak } from './soak-command';

runMain(runSoak);
