// node tests/jsonld_to_nquads.js FILE: FILE (JSON-LD) as N-Quads on stdout, by jsonld.js with its default
// (node) document loader and the file's own URL as base, as a user of jsonld.js would read a downloaded file.
// Network access is refused before jsonld.js loads: a context that had to be fetched makes this fail.
'use strict';
const dns = require('dns');
const net = require('net');
const fs = require('fs');
const path = require('path');
const {pathToFileURL} = require('url');

const refuse = () => { throw new Error('network access refused by tests/jsonld_to_nquads.js'); };
net.Socket.prototype.connect = refuse;
dns.lookup = refuse;
dns.promises.lookup = refuse;

const jsonld = require(path.join(__dirname, '..', 'web', 'node_modules', 'jsonld'));

(async () => {
  const file = path.resolve(process.argv[2]);
  const document = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nquads = await jsonld.toRDF(document, {base: pathToFileURL(file).href, format: 'application/n-quads'});
  process.stdout.write(nquads);
})().catch(error => {
  const cause = error.details && error.details.cause ? `: ${error.details.cause.message}` : '';
  process.stderr.write(`${error.name || 'Error'}: ${error.message}${cause}\n`);
  process.exit(1);
});
