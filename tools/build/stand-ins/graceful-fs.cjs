// Stands in for graceful-fs inside mz (reached through urllib's utility package, whose file helpers
// the sink never calls). mz falls back to fs itself when graceful-fs is missing; this keeps that, and
// keeps graceful-fs from patching fs.close for the whole process.
'use strict';

module.exports = require('node:fs');
