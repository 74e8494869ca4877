// Stands in for win-release inside os-name (urllib's User-Agent), which calls it only on Windows.
// FC runs Linux; os-name then answers `Windows` without the release name.
'use strict';

module.exports = () => '';
