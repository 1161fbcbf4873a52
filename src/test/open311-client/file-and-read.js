// An off-the-shelf Open311 client (npm: open311) against the gateway: lists the services (JSON and
// XML), files a request, reads it back by its id and by its token. Prints one JSON line of what it
// saw; exits non-zero, with the client's error, when a call fails.
//   node file-and-read.js <endpoint, e.g. http://localhost:8080/open311/v2/> <api_key> <client_token>
const Open311 = require('open311');

const [endpoint, apiKey, token] = process.argv.slice(2);
const json = new Open311({ endpoint, apiKey, format: 'json' });
const xml = new Open311({ endpoint, apiKey, format: 'xml' });

function fail(step, err, body) {
  console.error(`${step} failed: ${err} ${body || ''}`);
  process.exit(1);
}

json.serviceList((err, services) => {
  if (err) return fail('services', err, services);
  xml.serviceList((xmlErr, xmlServices) => {
    if (xmlErr) return fail('services.xml', xmlErr, xmlServices);
    const neighbor = services.find((s) => s.service_code === 'NEIGHBOR');
    json.serviceDefinition('LABOR', (defErr, labor) => {
      if (defErr) return fail('services/LABOR', defErr, labor);
      json.submitRequest({
        service_code: 'NEIGHBOR',
        description: '邻居装修噪音持续到深夜，多次协商无果，请求调解。',
        address_string: '诸暨市枫桥镇陈家村',
        first_name: '小明',
        last_name: '王',
        phone: '13900001234',
        email: 'wang@example.org',
        client_token: token,
      }, (postErr, created) => {
        if (postErr) return fail('requests', postErr, created);
        const id = created[0].service_request_id;
        json.serviceRequest(id, { api_key: apiKey }, (readErr, read) => {
          if (readErr) return fail('requests/' + id, readErr, read);
          // The client's token() sends no parameters, and the gateway answers a token only to the
          // client that filed it: the client's own GET helper, with the api_key.
          json._get('tokens/' + token, { api_key: apiKey }, (tokenErr, body) => {
            if (tokenErr) return fail('tokens/' + token, tokenErr, body);
            console.log(JSON.stringify({
              services: services.length,
              xmlServices: xmlServices.length,
              neighborName: neighbor && neighbor.service_name,
              laborAttributes: labor.attributes.map((a) => a.code),
              created: created[0],
              request: read[0],
              token: JSON.parse(body)[0],
            }));
          });
        });
      });
    });
  });
});
