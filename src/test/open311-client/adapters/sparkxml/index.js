// The Spark convention the open311 client expects of its XML reader (codeforamerica/node-sparkxml,
// published only as a git repository): the root element is dropped; an element whose children are
// repeated elements of one name is an array of them; an element with children is an object; an
// element with text is its text.
const { XMLParser } = require('fast-xml-parser');

function spark(value) {
  if (Array.isArray(value)) {
    return value.map(spark);
  }
  if (value === null || typeof value !== 'object') {
    return value === '' ? null : value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && Array.isArray(value[keys[0]])) {
    return value[keys[0]].map(spark);
  }
  const out = {};
  for (const key of keys) {
    out[key] = spark(value[key]);
  }
  return out;
}

exports.parseXml = function (xml) {
  const parsed = new XMLParser({ parseTagValue: false }).parse(xml);
  delete parsed['?xml'];
  return spark(parsed[Object.keys(parsed)[0]]);
};
