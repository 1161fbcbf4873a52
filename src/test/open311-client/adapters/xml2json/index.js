// xml2json's toJson(xml, {object: true}): the document as nested objects, repeated elements as arrays.
const { XMLParser } = require('fast-xml-parser');

exports.toJson = function (xml, options) {
  const parsed = new XMLParser({ parseTagValue: false }).parse(xml);
  delete parsed['?xml'];
  return options && options.object ? parsed : JSON.stringify(parsed);
};
