/**
 * @module Reading the archive back: `export` (the messages of a topic, as JSON lines or kcat's
 * input) and `verify` (what each topic-partition holds and whether the archive kept its promises),
 * each a pure function of its options and its io, resolving to an exit code; and `archiveSource`,
 * which finds the archive from the function's own variables.
 */
export {
  type ArchiveCredentials,
  type ArchiveOverrides,
  ArchiveSettingsError,
  type ArchiveSource,
  archiveSource,
} from './archive-source';
export { type CommandIo, OptionError, type OutputStream } from './command-io';
export { EXPORT_FORMATS, type ExportOptions, type ExportSummary, runExport } from './export-command';
export { KCAT_KEY_DELIMITER, KCAT_MESSAGE_DELIMITER } from './export-formats';
export { runVerify, type VerifyOptions, type VerifyReport } from './verify-command';
