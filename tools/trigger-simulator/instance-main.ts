import { runMain } from '../process/run-main';
import { serveInstance } from './instance-process';

runMain(serveInstance);
// An instance lives only as long as the simulator that started it: its keep-alive sockets must not keep it running.
process.on('disconnect', () => process.exit(0));
