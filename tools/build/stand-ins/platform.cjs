// Stands in for platform.js inside ali-oss, which reads only `platform.description` for its
// User-Agent and falls back to `Node.js <version> on <os> <arch>` when it is empty, as it is here.
'use strict';

exports.description = undefined;
