/**
 * @module The FC Kafka trigger, simulated: topics fed with synthetic messages, batch windows, push
 * formats, consumers with per-partition order, retry strategies and errorsTolerance on a
 * compressed clock, consumer restarts, and the built function in child processes as FC runs it;
 * then the archive's ledger. `npm start -- --messages N` and `npm run soak` are its commands.
 */
export { type Ledger, ledgerHolds } from './archive-ledger';
export type { ConnectorPlan } from './connector-plan';
export { runScale } from './scale-command';
export { HIVE_KEY_TEMPLATE, hiveConnector, SOAK_COMPRESSION, SOAK_FAULTS, scaleConnector, soakConnectors } from './scenarios';
export { type FaultPlan, NO_FAULTS, type Progress, runSimulation, type SimulationOptions } from './simulation';
export type { SimulationReport } from './simulation-report';
export { runSoak } from './soak-command';
