// Preloaded into the Next server by scripts/start.ts (`node --import`), like peer-address.mjs.
// Node's Fetch (undici) refuses to build a Request for TRACE ("'TRACE' HTTP method is
// unsupported."), and Next builds one for every request before proxy.ts runs, so a TRACE was a
// text/plain 500. Here, before Next sees it, a TRACE goes on as OPTIONS (safe and bodiless)
// marked `x-driftwatch-method: TRACE`, and proxy.ts answers it with the 405 problem+json any
// refused method gets. The mark is removed from every other request, so no client can set it.
// (CONNECT never reaches a request handler in Node, and TRACK is refused by Node's parser: 400.)
import http from "node:http";

const HEADER = "x-driftwatch-method";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === "request") {
    const req = args[0];
    delete req.headers[HEADER];
    if (req.method === "TRACE") {
      req.method = "OPTIONS";
      req.headers[HEADER] = "TRACE";
    }
  }
  return emit.call(this, event, ...args);
};
