// The local stack's DynamoDB-compatible server: dynalite (npm), in memory, on one host and port.
//
//   node infra/local/dynamodb-server.cjs --host 127.0.0.1 --port 8000
//
// Started through this file rather than dynalite's own CLI because dynalite rethrows a request's
// stream error as an uncaught exception: one client hanging up mid-request (ECONNRESET, "aborted")
// would end the server and every table in it. Those errors are logged and survived; any other
// uncaught error still ends the process.
"use strict";

const dynalite = require("dynalite");

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const host = option("host", "127.0.0.1");
const port = Number(option("port", "8000"));
const CLIENT_GONE = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

process.on("uncaughtException", (err) => {
  if (CLIENT_GONE.has(err && err.code) || (err && err.message === "aborted")) {
    console.error(`dynamodb event=client_hung_up code=${err.code || err.message}`);
    return;
  }
  console.error("dynamodb event=fatal", err);
  process.exit(1);
});

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, host, () => {
  console.log(`dynamodb listening=http://${host}:${server.address().port}`);
});
