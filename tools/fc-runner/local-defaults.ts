/** @module What `npm start` and `npm run invoke` use when nothing else is set, so both write to the same place. */

/** The key prefix of the archive on the embedded OSS server. */
export const LOCAL_PREFIX = 'kafka-archive/';
/** The built function, as FC would load it. */
export const SINK_BUNDLE = 'dist/oss-sink/index.js';
/** The built compaction function. */
export const COMPACTOR_BUNDLE = 'dist/oss-compactor/index.js';
