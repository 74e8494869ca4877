// `npm start`: the short demonstration of the pipeline (tools/fc-runner), or, given --messages, the
// trigger simulated at scale. Here, on the simulator's floor, since the simulator runs fc-runner's instances.
import { runStart } from '../fc-runner/start';
import { runMain } from '../process/run-main';
import { runScale } from './scale-command';

const wantsScale = (args: string[]) => args.some((arg) => arg === '--messages' || arg.startsWith('--messages='));

runMain((args, signal) => (wantsScale(args) ? runScale(args, signal) : runStart(args, signal)));
