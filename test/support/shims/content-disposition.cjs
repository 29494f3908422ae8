// Jest's module runtime cannot require() an ES module (Node 20.19 can), and @fastify/static (CommonJS) requires the
// ESM-only content-disposition. Under Jest only, this CommonJS stand-in serves the same API from the 0.5 release.
const legacy = require('content-disposition-cjs');
module.exports = { create: legacy, parse: legacy.parse, default: legacy };
