// Stands in for bowser (browser detection) inside ali-oss, which asks it only whether it runs in
// Internet Explorer 10 (for multipart copy). In Node it never does.
'use strict';

exports.name = '';
exports.version = '';
