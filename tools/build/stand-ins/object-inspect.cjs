// Stands in for object-inspect inside side-channel (used by qs), which calls it only to name a key
// in the message of an error it throws. Node's util.inspect names it as well.
'use strict';

const { inspect } = require('node:util');

module.exports = (value) => inspect(value);
