// Stands in for xmlbuilder inside xml2js, where only xml2js's Builder uses it. ali-oss parses OSS's
// XML answers with xml2js's parser and writes request XML with its own obj2xml; it never builds XML
// with xml2js. Should that change, the call fails loudly here instead of writing wrong XML.
'use strict';

exports.create = () => {
  throw new Error('xml2js.Builder is not part of this bundle: tools/build/stand-ins.cjs replaced xmlbuilder, which it needs.');
};
