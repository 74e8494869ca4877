import { runMain } from '../process/run-main';
import { runCheckDeploy } from './command';

runMain(runCheckDeploy);
