// A FileShare client written from docs/PROTOCOL.md alone, run against a real tracker and a real peer by
// tests/FileShare.IntegrationTests/Conformance/ProtocolConformanceTests.cs. It checks the document's vectors
// (parsed out of PROTOCOL.md at run time, so the document itself is what is tested) and the programs' behaviour
// against the document's rules. One line per check: "ok - ..." or "not ok - ...". Exit code 0 when all pass.
//
//   node conformance.mjs --doc PATH --tracker-port N --user U --password P --user2 U2 --password2 P2
//        --publisher ALICE --file NAME --size N --sha256 HEX --file-port N [--stall-ms N]
//
// ALICE (a real peer) publishes NAME; U and U2 are two more accounts. Every wait is bounded (3 s per datagram or
// frame, 90 s for the run). The last checks make this address throttled for a second; run nothing after it.

import { createHash, createHmac, hkdfSync, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import net from "node:net";
import { decode, encode } from "@msgpack/msgpack";

const WAIT_MS = 3000; // longest wait for one datagram or one TCP frame
const SILENCE_MS = 800; // how long "no answer" is watched for
const RUN_MS = 90_000; // the whole run

const MAGIC = 0x4653;
const T = {
  DiscoveryProbe: 0x01, DiscoveryAnswer: 0x02, AuthStart: 0x10, AuthChallenge: 0x11, AuthProof: 0x12, AuthSuccess: 0x13,
  Heartbeat: 0x20, Leave: 0x21, Publish: 0x30, Unpublish: 0x31, ListMyFiles: 0x32, ListActivePeers: 0x33, Search: 0x34,
  GetFile: 0x35, Rename: 0x36, ListPeerAddresses: 0x37, RegisterStart: 0x40, RegisterChallenge: 0x41, RegisterFinish: 0x42,
  ChangePasswordStart: 0x43, ChangePasswordChallenge: 0x44, ChangePasswordFinish: 0x45,
  Ok: 0x50, Error: 0x51, NameList: 0x52, FileCandidates: 0x53, PeerList: 0x54,
};
const REPLY_TYPES = [0x02, 0x11, 0x13, 0x41, 0x44, 0x50, 0x51, 0x52, 0x53, 0x54];
const E = { BadRequest: 1, UnsupportedVersion: 2, UnknownMessageType: 3, NotAuthenticated: 4, AuthenticationFailed: 5, Throttled: 6, NotFound: 7, NotPublished: 8, InvalidName: 9 };
const S = { Ok: 0, BadRequest: 1, InvalidName: 2, NotFound: 3, InvalidTicket: 4, ContentChanged: 5, InvalidOffset: 6, Unavailable: 7 };

const args = parseArgs(process.argv.slice(2));
let failures = 0;
let checks = 0;
const started = Date.now();

const watchdog = setTimeout(() => {
  console.log(`not ok - the run did not finish within ${RUN_MS} ms`);
  process.exit(2);
}, RUN_MS);

// ---------------------------------------------------------------------------------------------------------------
// helpers

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i += 2) {
    if (!list[i].startsWith("--")) throw new Error(`unexpected argument ${list[i]}`);
    out[list[i].slice(2)] = list[i + 1];
  }
  for (const key of ["doc", "tracker-port", "user", "password", "user2", "password2", "publisher", "file", "size", "sha256", "file-port"]) {
    if (out[key] === undefined) throw new Error(`missing --${key}`);
  }
  return out;
}

function check(condition, name, detail = "") {
  checks++;
  if (condition) {
    console.log(`ok - ${name}`);
  } else {
    failures++;
    console.log(`not ok - ${name}${detail ? ` (${detail})` : ""}`);
  }
  return condition;
}

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const unhex = (text) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();
const sha256 = (data) => createHash("sha256").update(data).digest();
const xor = (a, b) => Buffer.from(a.map((x, i) => x ^ b[i]));
const sameBytes = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const num = (v) => (typeof v === "bigint" ? Number(v) : v);
const unpack = (bytes) => decode(bytes, { useBigInt64: true });

// ---------------------------------------------------------------------------------------------------------------
// PROTOCOL.md, read at run time

const doc = readFileSync(args.doc, "utf8");

function section(title) {
  const start = doc.indexOf(`\n${title}`);
  if (start < 0) throw new Error(`PROTOCOL.md has no section "${title}"`);
  const rest = doc.slice(start + 1);
  const level = title.startsWith("### ") ? /\n#{2,3} \d/ : /\n## \d/;
  const next = rest.slice(title.length).search(level);
  return next < 0 ? rest : rest.slice(0, title.length + next);
}

// "| item | `value` ..." rows of a section's table
function tableValue(text, item) {
  const row = text.split("\n").find((line) => line.startsWith(`| ${item} |`));
  if (!row) throw new Error(`no table row "${item}"`);
  return /`([^`]*)`/.exec(row.slice(item.length + 3))[1];
}

// Hex byte strings of a section (code blocks and inline code), with the token shorthand "00 01 … 0f" expanded.
function hexStrings(text, prefix) {
  const found = [];
  const blocks = [...text.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]);
  const inline = [...text.matchAll(/`([0-9a-f][0-9a-f ][^`]*)`/g)].map((m) => m[1]);
  for (const raw of [...blocks, ...inline]) {
    const expanded = raw.replace(/00 01 … 0f/g, "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f").replace(/\s+/g, " ").trim();
    if (expanded.startsWith(prefix) && /^([0-9a-f]{2} )*[0-9a-f]{2}$/.test(expanded)) found.push(unhex(expanded));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// protocol pieces (§3, §4, §5, §10)

function envelope1(type, id, token, body) {
  return Buffer.from(encode([MAGIC, 1, type, id, token ?? null, body], { useBigInt64: true }));
}

// A version-1 envelope whose body gets extra trailing fields given as raw MessagePack (hex), as a later revision might send.
function withExtra(type, id, fields, rawHexFields) {
  const head = Buffer.from(encode([MAGIC, 1, type, id, null])).subarray(1);
  const body = Buffer.from(encode(fields));
  if (fields.length + rawHexFields.length > 15) throw new Error("fixarray bodies only");
  body[0] = 0x90 + fields.length + rawHexFields.length;
  return Buffer.concat([Buffer.from([0x96]), head, body, ...rawHexFields.map(unhex)]);
}

function signed(keys, type, id, token, counter, body) {
  const bytes = Buffer.from(encode([MAGIC, 2, type, id, token, counter, body, new Uint8Array(16)], { useBigInt64: true }));
  hmac(keys, bytes.subarray(0, bytes.length - 16)).copy(bytes, bytes.length - 16, 0, 16);
  return bytes;
}

function macOk(key, bytes) {
  return bytes.length > 18 && bytes[bytes.length - 18] === 0xc4 && bytes[bytes.length - 17] === 0x10
    && sameBytes(hmac(key, bytes.subarray(0, bytes.length - 16)).subarray(0, 16), bytes.subarray(bytes.length - 16));
}

const escapeUser = (user) => user.replace(/=/g, "=3D").replace(/,/g, "=2C");

function scram(password, salt, iterations) {
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const clientKey = hmac(salted, "Client Key");
  return { salted, clientKey, storedKey: sha256(clientKey), serverKey: hmac(salted, "Server Key") };
}

function authMessage(user, clientNonce, combined, salt, iterations) {
  return `n=${escapeUser(user)},r=${clientNonce},r=${combined},s=${Buffer.from(salt).toString("base64")},i=${iterations},c=biws,r=${combined}`;
}

function sessionKeys(clientKey, serverKey, message) {
  const ikm = Buffer.concat([clientKey, serverKey]);
  const salt = Buffer.from(message, "utf8");
  const expand = (info) => Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from(info, "ascii"), 32));
  const prk = hmac(salt, ikm); // HKDF-Extract
  return {
    prk,
    request: expand("FileShare v2 request MAC"),
    reply: expand("FileShare v2 reply MAC"),
    mask: expand("FileShare v2 ticket key"),
  };
}

function ticketData(requester, fileName, sha, expires) {
  return Buffer.from(encode([requester, fileName, sha, BigInt(expires)], { useBigInt64: true }));
}

// ---------------------------------------------------------------------------------------------------------------
// UDP client: one socket, an inbox, waits with timeouts

class Udp {
  constructor(port) {
    this.port = port;
    this.inbox = [];
    this.waiters = [];
    this.socket = dgram.createSocket("udp4");
    this.socket.on("message", (msg) => {
      this.inbox.push(msg);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async open() {
    await new Promise((resolve) => this.socket.bind(0, "127.0.0.1", resolve));
    return this;
  }

  send(bytes) {
    return new Promise((resolve, reject) => this.socket.send(bytes, this.port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  }

  // The first datagram in the inbox for which match() is true, or null after ms.
  async receive(match, ms = WAIT_MS) {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.inbox.findIndex((m) => { try { return match(m); } catch { return false; } });
      if (index >= 0) return this.inbox.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  async request(bytes, id, ms = WAIT_MS) {
    await this.send(bytes);
    const raw = await this.receive((m) => num(unpack(m)[3]) === id, ms);
    return raw === null ? null : { raw, v: unpack(raw) };
  }

  // Sends and watches for silence: true when nothing at all arrived.
  async silent(bytes, ms = SILENCE_MS) {
    this.inbox.length = 0;
    if (bytes) await this.send(bytes);
    return (await this.receive(() => true, ms)) === null;
  }

  close() { this.socket.close(); }
}

const sessionTimers = [];
let nextId = 1000 + Math.floor(Math.random() * 1000);
const newId = () => nextId++;

function describe(reply) {
  if (!reply) return "no reply";
  const v = reply.v;
  return `version ${v[1]} type 0x${num(v[2]).toString(16)} body ${JSON.stringify(v[v[1] === 2 ? 6 : 5], (k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? hex(x) : x))}`;
}

function isError(reply, code) {
  return reply !== null && num(reply.v[2]) === T.Error && num(reply.v[reply.v[1] === 2 ? 6 : 5][0]) === code;
}

// A logged-in session of this script.
class Session {
  constructor(udp, user, token, keys, successRaw) {
    Object.assign(this, { udp, user, token, keys, successRaw });
    this.counter = 0;
  }

  build(type, body, id = newId()) {
    this.counter++;
    return { id, counter: this.counter, bytes: signed(this.keys.request, type, id, this.token, this.counter, body) };
  }

  // Sends a signed request; checks the reply is signed under the reply key with the request's id and counter.
  async call(type, body, label) {
    const req = this.build(type, body);
    const reply = await this.udp.request(req.bytes, req.id);
    const v = reply?.v;
    const good = reply !== null && v.length === 8 && v[1] === 2 && num(v[5]) === req.counter && sameBytes(v[4], this.token)
      && macOk(this.keys.reply, reply.raw);
    check(good, `${label}: reply signed with the reply key, request id ${req.id} and counter ${req.counter}`, describe(reply));
    return { req, reply, body: good ? v[6] : null, type: good ? num(v[2]) : null };
  }
}

async function login(udp, user, password, { capabilities = 1, label = user, fileServerPort = 40123 } = {}) {
  const clientNonce = randomBytes(18).toString("base64");
  const startId = newId();
  const startBody = capabilities === null ? [user, clientNonce, fileServerPort] : [user, clientNonce, fileServerPort, capabilities];
  const challenge = await udp.request(envelope1(T.AuthStart, startId, null, startBody), startId);
  if (capabilities === null) return challenge;
  if (!check(challenge !== null && num(challenge.v[2]) === T.AuthChallenge, `${label}: AuthStart with Capabilities 1 gets an AuthChallenge`, describe(challenge))) return null;
  const [combined, salt, iterations] = challenge.v[5];
  check(combined.startsWith(clientNonce) && combined.length > clientNonce.length, `${label}: CombinedNonce starts with the ClientNonce and is longer`);
  check(num(iterations) >= 4096 && num(iterations) <= 1000000, `${label}: Iterations ${iterations} within 4096..1000000`);
  const k = scram(password, salt, num(iterations));
  const message = authMessage(user, clientNonce, combined, salt, num(iterations));
  const proof = xor(k.clientKey, hmac(k.storedKey, message));
  const keys = sessionKeys(k.clientKey, k.serverKey, message);
  const proofId = newId();
  const success = await udp.request(envelope1(T.AuthProof, proofId, null, [combined, proof]), proofId);
  const v = success?.v;
  const ok = success !== null && v.length === 8 && v[1] === 2 && num(v[2]) === T.AuthSuccess;
  check(ok, `${label}: AuthProof is answered with a signed (version 2) AuthSuccess`, describe(success));
  if (!ok) return null;
  const body = v[6];
  check(num(v[5]) === 0, `${label}: AuthSuccess has counter 0`);
  check(sameBytes(v[4], body[1]), `${label}: the envelope's token is AuthSuccess.SessionToken`);
  check(macOk(keys.reply, success.raw), `${label}: AuthSuccess MAC verifies under the derived reply key`);
  check(sameBytes(body[0], hmac(k.serverKey, message)), `${label}: ServerSignature verifies`);
  check(body[2].length === 32 && num(body[3]) > 0 && num(body[4]) > 0 && body[5] === "127.0.0.1",
    `${label}: TicketKey 32 bytes, heartbeat ${body[3]} ms, timeout ${body[4]} ms, ObservedAddress ${body[5]}`);
  const session = new Session(udp, user, Buffer.from(body[1]), keys, success.raw);
  session.ticketKey = xor(body[2], keys.mask);
  session.proofBytes = envelope1(T.AuthProof, proofId, null, [combined, proof]);
  session.proofId = proofId;
  // §7: a heartbeat every HeartbeatIntervalMs keeps the session alive while the checks run.
  session.heartbeat = setInterval(() => udp.send(session.build(T.Heartbeat, []).bytes).catch(() => {}), num(body[3]));
  sessionTimers.push(session.heartbeat);
  return session;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The document's vectors

function documentVectors() {
  const s105 = section("### 10.5 ");
  const s106 = section("### 10.6 ");
  const user = "user";
  const clientNonce = tableValue(s105, "ClientNonce");
  const combined = tableValue(s105, "CombinedNonce");
  const salt = Buffer.from(tableValue(s105, "Salt (base64)"), "base64");
  const iterations = 4096;
  const k = scram("pencil", salt, iterations);
  check(hex(k.salted) === tableValue(s105, "SaltedPassword"), "§10.5 SaltedPassword recomputed");
  check(hex(k.clientKey) === tableValue(s105, "ClientKey"), "§10.5 ClientKey recomputed");
  check(hex(k.storedKey) === tableValue(s105, "StoredKey"), "§10.5 StoredKey recomputed");
  check(hex(k.serverKey) === tableValue(s105, "ServerKey"), "§10.5 ServerKey recomputed");
  const message = authMessage(user, clientNonce, combined, salt, iterations);
  check(message === tableValue(s105, "AuthMessage"), "§10.5 AuthMessage rebuilt by the rules of §10.3");
  const proof = xor(k.clientKey, hmac(k.storedKey, message));
  check(hex(proof) === tableValue(s105, "ClientProof"), "§10.5 ClientProof recomputed");
  check(hex(hmac(k.serverKey, message)) === tableValue(s105, "ServerSignature"), "§10.5 ServerSignature recomputed");
  const authStart = /is\n?`(96 cd 46 53 01 10[^`]*)`/.exec(s105)[1];
  check(hex(envelope1(T.AuthStart, 1, null, [user, clientNonce, 40123])) === authStart.replace(/ /g, ""), "§10.5 AuthStart datagram encoded by §3/§4");

  const keys = sessionKeys(k.clientKey, k.serverKey, message);
  check(hex(keys.prk) === tableValue(s106, "PRK"), "§10.6 PRK recomputed (HKDF-Extract)");
  check(hex(keys.request) === tableValue(s106, "RequestKey"), "§10.6 RequestKey recomputed");
  check(hex(keys.reply) === tableValue(s106, "ReplyKey"), "§10.6 ReplyKey recomputed");
  check(hex(keys.mask) === tableValue(s106, "TicketKeyMask"), "§10.6 TicketKeyMask recomputed");

  // §12: the password-change example, inputs from its heading
  const s12 = section("## 12. ");
  const inputs = /new password `([^`]+)`,\s*NewSalt `([0-9a-f]+)`, NewIterations (\d+), Nonce `([^`]+)`/.exec(s12);
  const fresh = scram(inputs[1], unhex(inputs[2]), Number(inputs[3]));
  check(hex(fresh.storedKey) === tableValue(s12, "new StoredKey") && hex(fresh.serverKey) === tableValue(s12, "new ServerKey"), "§12 new StoredKey and ServerKey recomputed");
  const changeMessage = `passwd,n=${escapeUser(user)},r=${inputs[4]},k=${fresh.storedKey.toString("base64")},s=${fresh.serverKey.toString("base64")}`;
  check(changeMessage === tableValue(s12, "ChangePasswordMessage"), "§12 ChangePasswordMessage rebuilt");
  check(hex(xor(k.clientKey, hmac(k.storedKey, changeMessage))) === tableValue(s12, "OldPasswordProof"), "§12 OldPasswordProof recomputed");

  // §16: the ticket example
  const s16 = section("## 16. ");
  const ticketKey = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x20 + i));
  const docSha = unhex("ad47fd9e87159d651a53b3dfba3ef200684a9ed88c2528b62e18f3881fe203b0");
  check(hex(sha256(Buffer.alloc(1234))) === hex(docSha), "§20 the example file's SHA-256 is that of 1234 zero bytes");
  const data = ticketData("bob", "notes.txt", docSha, 1767225600000);
  const documentedInput = unhex(/```\nHMAC input[^\n]*\n([\s\S]*?)Ticket = /.exec(s16)[1].split("\n").map((line) => line.trim().replace(/ {2,}.*$/, "")).join(" "));
  check(sameBytes(data, documentedInput), "§16 canonical ticket input (58 bytes) encoded by the rules of §16");
  check(hex(hmac(ticketKey, data)) === /Ticket = ([0-9a-f]{64})/.exec(s16)[1], "§16 example ticket recomputed");

  // §20: every signed datagram of the worked examples, rebuilt from its decoded fields and re-MACed
  const s20 = section("## 20. ");
  const requestTypes = new Set([T.Heartbeat, T.Leave, T.Publish, T.Unpublish, T.ListMyFiles, T.ListActivePeers, T.Search, T.GetFile, T.Rename, T.ListPeerAddresses, T.ChangePasswordStart, T.ChangePasswordFinish]);
  // (the prose's bare prefix "98 cd 46 53 02 53 0c c4 10" is no datagram: a signed one is at least 45 bytes)
  const examples = hexStrings(s20, "98 cd 46 53 02").filter((bytes) => bytes.length >= 45);
  check(examples.length >= 8, `§20 holds ${examples.length} signed datagrams`);
  for (const bytes of examples) {
    const v = unpack(bytes);
    const type = num(v[2]);
    const key = requestTypes.has(type) ? keys.request : keys.reply;
    const rebuilt = signed(key, type, num(v[3]), v[4], num(v[5]), v[6]);
    check(sameBytes(rebuilt, bytes), `§20 signed 0x${type.toString(16)} id ${v[3]} counter ${v[5]} (${bytes.length} bytes) rebuilt with the ${requestTypes.has(type) ? "request" : "reply"} key`, hex(rebuilt));
  }
  for (const bytes of hexStrings(s20, "96 cd 46 53 01")) {
    const v = unpack(bytes);
    check(sameBytes(envelope1(num(v[2]), num(v[3]), v[4], v[5]), bytes), `§20 version-1 0x${num(v[2]).toString(16)} id ${v[3]} (${bytes.length} bytes) rebuilt`);
  }
  const invalidTicketFrame = hexStrings(section("### 20.4 "), "00 00 00 17");
  check(invalidTicketFrame.length === 1 && sameBytes(frame([MAGIC, 1, S.InvalidTicket, 0, null, "Invalid ticket"]), invalidTicketFrame[0]), "§20.4 InvalidTicket response frame rebuilt");
}

// ---------------------------------------------------------------------------------------------------------------
// TCP (§17)

function frame(array) {
  const payload = Buffer.from(encode(array, { useBigInt64: true }));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(payload.length);
  return Buffer.concat([prefix, payload]);
}

// Sends raw bytes to the file server; returns { response, data, closed } once the server closed or WAIT_MS passed.
function tcpExchange(bytes, { expectData = 0, waitMs = WAIT_MS } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const socket = net.connect(Number(args["file-port"]), "127.0.0.1");
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      let response = null;
      let data = Buffer.alloc(0);
      if (all.length >= 4) {
        const length = all.readUInt32BE(0);
        if (all.length >= 4 + length) {
          try { response = unpack(all.subarray(4, 4 + length)); } catch { response = "undecodable"; }
          data = all.subarray(4 + length);
        }
      }
      resolve({ response, data, closed, bytes: all.length, length: all.length >= 4 ? all.readUInt32BE(0) : null });
    };
    const timer = setTimeout(() => finish(false), waitMs + expectData / 1000);
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => socket.write(bytes));
  });
}

const transferRequest = (name, offset, requester, sha, expires, ticket, version = 1) =>
  frame([MAGIC, version, name, offset, requester, sha, BigInt(expires), ticket]);

function refusal(result, status, text) {
  const r = result.response;
  return Array.isArray(r) && r.length >= 6 && num(r[0]) === MAGIC && num(r[1]) === 1 && num(r[2]) === status && num(r[3]) === 0
    && r[4] === null && typeof r[5] === "string" && (text === undefined || r[5] === text) && result.data.length === 0 && result.closed;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The real tracker and peer

async function live() {
  const port = Number(args["tracker-port"]);
  const fileName = args.file;
  const fileSize = Number(args.size);
  const fileSha = unhex(args.sha256);
  const udp = await new Udp(port).open();
  const other = await new Udp(port).open();
  const carolUdp = await new Udp(port).open();

  // §2.2 / §9 discovery
  const probeId = newId();
  const answer = await udp.request(envelope1(T.DiscoveryProbe, probeId, null, []), probeId);
  check(answer !== null && num(answer.v[2]) === T.DiscoveryAnswer && num(answer.v[5][1]) === port && answer.v[4] === null,
    "DiscoveryProbe: unsigned DiscoveryAnswer whose Port is the tracker's port", describe(answer));

  // §5.5: AuthStart without Capabilities
  const old = await login(udp, args.user, args.password, { capabilities: null });
  check(isError(old, E.UnsupportedVersion) && /requires signed sessions/.test(old.v[5][1]),
    "§5.5 AuthStart without Capabilities gets Error(UnsupportedVersion, \"This tracker requires signed sessions…\")", describe(old));

  // §9 AuthStart: a bad user name is BadRequest (not InvalidName)
  const badNameId = newId();
  const badName = await udp.request(envelope1(T.AuthStart, badNameId, null, ["has space", "abc", 1, 1]), badNameId);
  check(isError(badName, E.BadRequest), "§9 AuthStart with a user name that breaks the existing-user-name rule gets Error(BadRequest)", describe(badName));

  const bob = await login(udp, args.user, args.password);
  if (!bob) return;

  // §5.3 / §6: a retransmitted AuthProof gets the cached AuthSuccess, byte for byte
  const again = await udp.request(bob.proofBytes, bob.proofId);
  check(again !== null && sameBytes(again.raw, bob.successRaw), "§6 a retransmitted AuthProof gets the cached AuthSuccess, byte for byte");

  // §7 heartbeat: no answer
  check(await udp.silent(bob.build(T.Heartbeat, []).bytes), "§7 a signed Heartbeat on a live session is not answered");

  // Publish / ListMyFiles / Search / ListActivePeers / ListPeerAddresses / GetFile
  const own = `conformance-own-${process.pid}.txt`;
  const ownSha = sha256(Buffer.from("own"));
  const pub = await bob.call(T.Publish, [own, 3, ownSha], "Publish");
  check(pub.type === T.Ok && pub.body.length === 0, "Publish gets Ok");
  const retransmitted = await udp.request(pub.req.bytes, pub.req.id);
  check(retransmitted !== null && sameBytes(retransmitted.raw, pub.reply.raw), "§6 a retransmitted Publish (identical datagram) gets the cached Ok, byte for byte");
  // §6: the Publish's request id reused for a ListMyFiles (new counter) runs as a new request
  bob.counter++;
  const reuse = signed(bob.keys.request, T.ListMyFiles, pub.req.id, bob.token, bob.counter, [null]);
  const reused = await udp.request(reuse, pub.req.id);
  check(reused !== null && num(reused.v[2]) === T.NameList && reused.v[6][0].includes(own) && macOk(bob.keys.reply, reused.raw),
    "§6 a Publish's request id reused for a ListMyFiles gets the NameList, not the cached Ok", describe(reused));

  const mine = await bob.call(T.ListMyFiles, [null], "ListMyFiles");
  check(mine.type === T.NameList && mine.body[0].includes(own) && mine.body[1] === false, "ListMyFiles lists the publication, More false");

  const carol = await login(carolUdp, args.user2, args.password2, { fileServerPort: 0 });
  const search = await bob.call(T.Search, [fileName.slice(0, 4), null], "Search");
  check(search.type === T.NameList && search.body[0].includes(fileName) && !search.body[0].includes(own),
    `Search "${fileName.slice(0, 4)}" finds the peer's ${fileName} and not the sender's own names`, JSON.stringify(search.body));
  const empty = await bob.call(T.Search, ["", null], "Search with empty Text");
  check(empty.type === T.NameList && empty.body[0].includes(fileName) && !empty.body[0].includes(own),
    "§9 Search with empty Text matches every findable name (not the sender's own)", JSON.stringify(empty.body));
  if (carol) {
    const carolSearch = await carol.call(T.Search, ["", null], "carol: Search with empty Text");
    check(carolSearch.type === T.NameList && carolSearch.body[0].includes(own) && carolSearch.body[0].includes(fileName),
      "another user's empty Search lists both publishers' names", JSON.stringify(carolSearch.body));
  }
  const lap = await bob.call(T.ListActivePeers, [null], "ListActivePeers");
  check(lap.type === T.NameList && lap.body[0].includes(args.publisher) && !lap.body[0].includes(args.user),
    "ListActivePeers lists the peer and not the sender", JSON.stringify(lap.body));
  const addresses = await bob.call(T.ListPeerAddresses, [null], "ListPeerAddresses");
  const entry = addresses.body?.[0].find((e) => e[0] === args.publisher);
  check(addresses.type === T.PeerList && entry && entry[1] === "127.0.0.1" && num(entry[2]) === Number(args["file-port"]),
    "ListPeerAddresses gives the peer's address 127.0.0.1 and its file-server port", JSON.stringify(addresses.body));
  const zeroPort = addresses.body?.[0].find((e) => e[0] === args.user2);
  check(carol && zeroPort && num(zeroPort[2]) === 0, "§9 AuthStart.FileServerPort 0 is accepted and handed out unchanged (PeerEntry.Port 0)", JSON.stringify(zeroPort));

  const get = await bob.call(T.GetFile, [fileName, null], "GetFile");
  const candidate = get.body?.[0]?.[0];
  check(get.type === T.FileCandidates && get.body[0].length === 1 && get.body[1] === false && candidate[0] === args.publisher
    && candidate[1] === "127.0.0.1" && num(candidate[2]) === Number(args["file-port"]) && num(candidate[3]) === fileSize
    && sameBytes(candidate[4], fileSha) && candidate[6].length === 32,
    "GetFile gives the real peer as the one candidate: address, file-server port, size, SHA-256, ticket", describe(get.reply));
  const lifetime = candidate ? num(candidate[5]) - Date.now() : 0;
  check(lifetime > 9 * 60_000 && lifetime <= 10 * 60_000 + 1000, `the ticket expires about 10 min from now (${lifetime} ms)`);

  const past = await bob.call(T.GetFile, [fileName, "~~~~"], "GetFile past the last candidate");
  check(past.type === T.FileCandidates && past.body[0].length === 0 && past.body[1] === false,
    "§9 GetFile with After past the last candidate gets an empty FileCandidates page, not NotFound", describe(past.reply));
  const missing = await bob.call(T.GetFile, ["no-such-file.bin", null], "GetFile of an unknown name");
  check(missing.type === T.Error && num(missing.body[0]) === E.NotFound && missing.body[1] === "File not found", "GetFile of an unpublished name gets Error(NotFound, \"File not found\")");
  const missingPast = await bob.call(T.GetFile, ["no-such-file.bin", "a"], "GetFile of an unknown name after a cursor");
  check(missingPast.type === T.FileCandidates && missingPast.body[0].length === 0, "§9 GetFile of an unknown name with a non-nil After gets an empty page");
  const notPublished = await bob.call(T.Unpublish, ["never.txt"], "Unpublish of a name not published");
  check(notPublished.type === T.Error && num(notPublished.body[0]) === E.NotPublished && notPublished.body[1] === "You have not published 'never.txt'",
    "§20.3 Unpublish of a name not published: Error(NotPublished, \"You have not published 'never.txt'\")", describe(notPublished.reply));

  // The unmasked ticket key: carol's ticket for bob's file is HMAC(bob's ticket key, canonical data), §16
  if (carol) {
    const carolGet = await carol.call(T.GetFile, [own, null], "carol: GetFile of bob's file");
    const c = carolGet.body?.[0]?.[0];
    check(c && num(c[2]) === 40123 && num(c[3]) === 3, "FileCandidate.Port is the publisher's AuthStart.FileServerPort, Size the published size");
    check(c && sameBytes(c[6], hmac(bob.ticketKey, ticketData(args.user2, own, ownSha, num(c[5])))),
      "§10.6/§16 the unmasked AuthSuccess.TicketKey signs the tickets other users get for this user's files");
  }

  // §12: a password change in the session, proved with the old password
  if (carol) {
    const start = await carol.call(T.ChangePasswordStart, [], "carol: ChangePasswordStart");
    if (check(start.type === T.ChangePasswordChallenge && start.body.length >= 5, "§12 ChangePasswordStart gets a ChangePasswordChallenge")) {
      const [nonce, currentSalt, currentIterations, newSalt, newIterations] = start.body;
      const before = scram(args.password2, currentSalt, num(currentIterations));
      const after = scram(`${args.password2}-new`, newSalt, num(newIterations));
      const message = `passwd,n=${escapeUser(args.user2)},r=${nonce},k=${after.storedKey.toString("base64")},s=${after.serverKey.toString("base64")}`;
      const finish = await carol.call(T.ChangePasswordFinish, [nonce, xor(before.clientKey, hmac(before.storedKey, message)), after.storedKey, after.serverKey], "carol: ChangePasswordFinish");
      check(finish.type === T.Ok, "§12 ChangePasswordFinish with the proof of §12 gets Ok", describe(finish.reply));
    }
  }

  // §17: the transfer with the ticket
  if (candidate) {
    const expires = num(candidate[5]);
    const ticket = candidate[6];
    const whole = await tcpExchange(transferRequest(fileName, 0, args.user, fileSha, expires, ticket), { expectData: fileSize });
    const r = whole.response;
    check(Array.isArray(r) && num(r[0]) === MAGIC && num(r[1]) === 1 && num(r[2]) === S.Ok && num(r[3]) === fileSize && sameBytes(r[4], fileSha) && r[5] === "",
      "§17 transfer: response frame Ok with the full size, the SHA-256 and empty Text", JSON.stringify(r, (k, x) => (typeof x === "bigint" ? x.toString() : x)));
    check(whole.data.length === fileSize && sameBytes(sha256(whole.data), fileSha) && whole.closed,
      `§17 transfer: exactly ${fileSize} bytes follow, whole-file SHA-256 matches, then the server closes`, `${whole.data.length} bytes`);
    const tail = await tcpExchange(transferRequest(fileName, fileSize - 100, args.user, fileSha, expires, ticket));
    check(num(tail.response?.[2]) === S.Ok && num(tail.response[3]) === fileSize && tail.data.length === 100 && sameBytes(tail.data, whole.data.subarray(fileSize - 100)),
      "§17.4 resume: Offset size−100 gets Ok, Size the full size, and the last 100 bytes");
    const atEnd = await tcpExchange(transferRequest(fileName, fileSize, args.user, fileSha, expires, ticket));
    check(num(atEnd.response?.[2]) === S.Ok && atEnd.data.length === 0 && atEnd.closed, "§17.3 Offset = size gets Ok and 0 bytes");
    check(refusal(await tcpExchange(transferRequest(fileName, fileSize + 1, args.user, fileSha, expires, ticket)), S.InvalidOffset, "Offset is beyond the end of the file"), "§17.3 Offset > size: InvalidOffset refusal frame, then close");
    const forged = Buffer.from(ticket);
    forged[0] ^= 1;
    check(refusal(await tcpExchange(transferRequest(fileName, 0, args.user, fileSha, expires, forged)), S.InvalidTicket, "Missing, forged or expired ticket"), "§17.3 forged ticket: InvalidTicket, \"Missing, forged or expired ticket\"");
    check(refusal(await tcpExchange(transferRequest(fileName, 0, args.user2, fileSha, expires, ticket)), S.InvalidTicket), "§17.3 ticket of another requester: InvalidTicket");
    check(refusal(await tcpExchange(transferRequest(fileName, fileSize + 1, args.user, fileSha, expires, forged)), S.InvalidTicket), "§17.3 order: the ticket is checked before the offset");
    check(refusal(await tcpExchange(transferRequest("not-here.bin", 0, args.user, fileSha, expires, forged)), S.NotFound, "Not published by this peer"), "§17.3 order: a name this peer does not publish is NotFound before the ticket is checked");
    check(refusal(await tcpExchange(transferRequest("../etc/passwd", 0, args.user, fileSha, expires, forged)), S.InvalidName), "§17.3 order: a name breaking the file-name rules is InvalidName before anything else");
    const v2 = await tcpExchange(transferRequest(fileName, 0, args.user, fileSha, expires, ticket, 2));
    check(refusal(v2, S.BadRequest, "Unsupported protocol version 2."), "§17.1 a version-2 transfer header: BadRequest refusal frame \"Unsupported protocol version 2.\", then close", JSON.stringify(v2.response));
    const magic = await tcpExchange(frame([0x4654, 1, fileName, 0, args.user, fileSha, BigInt(expires), ticket]));
    check(refusal(magic, S.BadRequest, "Not a FileShare transfer header (wrong magic)."), "§17.1 a wrong magic: BadRequest refusal frame, then close", JSON.stringify(magic.response));
    check(refusal(await tcpExchange(frame([MAGIC, 1, fileName, 0, args.user, fileSha, BigInt(expires), new Uint8Array(31)])), S.BadRequest), "§17.3 a 31-byte Ticket does not decode: BadRequest, not InvalidTicket");
    const zero = await tcpExchange(Buffer.from([0, 0, 0, 0]));
    check(refusal(zero, S.BadRequest, "Transfer header of 0 bytes is outside 1..2048."), "§17.1 frame length 0: BadRequest refusal frame, then close", JSON.stringify(zero.response));
    const huge = await tcpExchange(Buffer.from([0, 0, 0x08, 0x01]));
    check(refusal(huge, S.BadRequest, "Transfer header of 2049 bytes is outside 1..2048."), "§17.1 frame length 2049: BadRequest refusal frame, then close (payload not read)", JSON.stringify(huge.response));
    const largest = transferRequest(fileName, 0, args.user, fileSha, expires, ticket);
    const padded = frame([MAGIC, 1, fileName, 0, args.user, fileSha, BigInt(expires), ticket, "x".repeat(2048 - largest.length + 4 - 3)]);
    const limit = await tcpExchange(padded, { expectData: fileSize });
    check(padded.readUInt32BE(0) === 2048 && num(limit.response?.[2]) === S.Ok && limit.data.length === fileSize,
      "§17.1/§18 a 2048-byte request frame with an extra trailing field is served", `${padded.readUInt32BE(0)} bytes`);
    const plain = transferRequest(fileName, 0, args.user, fileSha, expires, ticket);
    const trailing = Buffer.concat([plain, Buffer.from([0xc0])]);
    trailing.writeUInt32BE(plain.length - 4 + 1); // the frame holds the array and one byte more
    check(refusal(await tcpExchange(trailing), S.BadRequest), "§17.1 a byte after the request's array inside the frame: BadRequest");
    const stallMs = Number(args["stall-ms"] ?? 10_000);
    const began = Date.now();
    const silent = await tcpExchange(Buffer.from([0, 0]), { waitMs: stallMs + 3000 });
    const waited = Date.now() - began;
    check(silent.closed && silent.bytes === 0 && waited >= stallMs - 500,
      `§17.3 a request frame not complete within the stall timeout (${stallMs} ms here): closed without an answer`, `${silent.bytes} bytes, closed ${silent.closed} after ${waited} ms`);
  }

  // §5.3: replay from another socket, flipped MAC bit, unknown token, unsigned session request
  const read = bob.build(T.GetFile, [fileName, null]);
  const first = await udp.request(read.bytes, read.id);
  check(first !== null && macOk(bob.keys.reply, first.raw), "§5.3 a signed GetFile is answered");
  const sameEndpoint = await udp.request(read.bytes, read.id);
  check(sameEndpoint !== null && num(sameEndpoint.v[2]) === T.FileCandidates, "§5.3 the same GetFile retransmitted from the same endpoint runs again (a read)");
  check(await other.silent(read.bytes), "§5.3 the same signed GetFile replayed from another socket gets no answer");
  check(await other.silent(pub.req.bytes), "§5.3 a signed Publish replayed from another socket gets no answer");
  const flipped = bob.build(T.ListMyFiles, [null]);
  flipped.bytes[flipped.bytes.length - 1] ^= 0x01;
  check(await udp.silent(flipped.bytes), "§5.3 a flipped MAC bit: no answer");
  const flippedBody = bob.build(T.ListMyFiles, [null]);
  flippedBody.bytes[flippedBody.bytes.length - 19] ^= 0x01; // inside the body (nil -> c1), MAC unchanged
  const badBody = await udp.request(flippedBody.bytes, flippedBody.id, SILENCE_MS);
  check(badBody === null || isError(badBody, E.BadRequest), "§5.3 a flipped body bit: no answer (or BadRequest if it no longer decodes)", describe(badBody));
  const stillFine = await bob.call(T.ListMyFiles, [null], "ListMyFiles after refused datagrams");
  check(stillFine.type === T.NameList, "the session still works after the refused datagrams");
  const moved = bob.build(T.ListMyFiles, [null]);
  const movedReply = await other.request(moved.bytes, moved.id);
  check(movedReply !== null && num(movedReply.v[2]) === T.NameList && num(movedReply.v[5]) === moved.counter && macOk(bob.keys.reply, movedReply.raw),
    "§5.3 a session is not bound to the endpoint: a fresh signed request from another socket is answered there", describe(movedReply));
  const back = await bob.call(T.ListMyFiles, [null], "ListMyFiles from the first socket again");
  check(back.type === T.NameList, "the first socket's next fresh request is answered too");
  const ghostBeatId = newId();
  const ghostBeat = await other.request(signed(randomBytes(32), T.Heartbeat, ghostBeatId, randomBytes(16), 1, []), ghostBeatId);
  check(isError(ghostBeat, E.NotAuthenticated) && ghostBeat.v[1] === 1, "§7 a heartbeat with an unknown token gets unsigned Error(NotAuthenticated) with its request id", describe(ghostBeat));

  const strangerId = newId();
  const stranger = await udp.request(signed(randomBytes(32), T.ListMyFiles, strangerId, randomBytes(16), 1, [null]), strangerId);
  check(isError(stranger, E.NotAuthenticated) && stranger.v.length === 6 && stranger.v[1] === 1, "§5.3 a signed request with an unknown token gets unsigned Error(NotAuthenticated)", describe(stranger));
  const bearerId = newId();
  // padded with a skipped trailing field: a refusal is never larger than the datagram it answers (§18)
  const bearer = await udp.request(envelope1(T.ListMyFiles, bearerId, bob.token, [null, "p".repeat(80)]), bearerId);
  check(isError(bearer, E.UnsupportedVersion) && bearer.v[5][1] === "Requests of a session must be signed (protocol 2)",
    "§5.3 an unsigned (version 1) session request with a valid token gets Error(UnsupportedVersion, \"Requests of a session must be signed (protocol 2)\")", describe(bearer));
  const shortId = newId();
  const shortBytes = envelope1(T.ListMyFiles, shortId, bob.token, [null]);
  const short = await udp.request(shortBytes, shortId);
  check(isError(short, E.UnsupportedVersion) && short.raw.length <= shortBytes.length && "Requests of a session must be signed (protocol 2)".startsWith(short.v[5][1]),
    `§18 the same refusal to a ${shortBytes.length}-byte datagram has its text cut to fit`, describe(short));
  const noTokenId = newId();
  const noToken = await udp.request(envelope1(T.ListMyFiles, noTokenId, null, [null, "p".repeat(80)]), noTokenId);
  check(isError(noToken, E.NotAuthenticated), "§5.3 an unsigned session request without a token gets Error(NotAuthenticated)", describe(noToken));
  const preLoginId = newId();
  bob.counter++;
  const preLogin = await udp.request(signed(bob.keys.request, T.DiscoveryProbe, preLoginId, bob.token, bob.counter, []), preLoginId);
  check(isError(preLogin, E.BadRequest), "§5.3 a pre-login type in a signed envelope gets Error(BadRequest)", describe(preLogin));

  // §8 / §18: envelope shapes, reply types, unknown types, versions, cut-short datagrams, amplification
  const pad = "p".repeat(40);
  const refused = async (bytes, id, code, label) => {
    const reply = await other.request(bytes, id);
    check(isError(reply, code) && reply.raw.length <= bytes.length, `${label} (reply ${reply?.raw.length} ≤ request ${bytes.length} bytes)`, describe(reply));
    return reply;
  };
  let id = newId();
  await refused(Buffer.from(encode([MAGIC, 1, T.ListMyFiles, id, pad])), id, E.BadRequest, "§18 a 5-element envelope gets Error(BadRequest)");
  id = newId();
  await refused(Buffer.from(encode([MAGIC, 1, T.ListMyFiles, id, null, [null], pad])), id, E.BadRequest, "§18 a 7-element envelope gets Error(BadRequest)");
  id = newId();
  await refused(Buffer.from(encode([MAGIC, 2, T.ListMyFiles, id, bob.token, 1, [null]])), id, E.BadRequest, "§18 a 7-element version-2 envelope gets Error(BadRequest)");
  id = newId();
  await refused(envelope1(0x7f, id, null, [pad]), id, E.UnknownMessageType, "§8 unknown type 0x7f gets Error(UnknownMessageType)");
  id = newId();
  await refused(Buffer.from(encode([MAGIC, 3, T.ListMyFiles, id, null, [pad]])), id, E.UnsupportedVersion, "§18 version 3 gets Error(UnsupportedVersion)");
  id = newId();
  await refused(Buffer.from(encode([MAGIC, 3, T.ListMyFiles, id, null, [pad], 1, 2, 3])), id, E.UnsupportedVersion, "§18 version 3 with 9 elements still gets Error(UnsupportedVersion)");
  id = newId();
  const whole = envelope1(T.Publish, id, null, [pad, 1, fileSha]);
  await refused(whole.subarray(0, whole.length - 10), id, E.BadRequest, "§18 a datagram cut short inside the body gets Error(BadRequest)");
  id = newId();
  const trailingBytes = Buffer.concat([envelope1(T.AuthStart, id, null, [pad, "nonce", 1, 1]), Buffer.from([0xc0])]);
  await refused(trailingBytes, id, E.BadRequest, "§3 a byte after the envelope gets Error(BadRequest)");
  check(await other.silent(Buffer.from("96cd46530351" + "01" + "c090", "hex")), "§18 a 9-byte datagram gets no answer (even an empty-text Error would be larger)");
  check(await other.silent(Buffer.from(encode([MAGIC, 1, T.ListMyFiles]))), "§18 an array of fewer than 4 elements is dropped silently");
  check(await other.silent(Buffer.from(encode([0x4654, 1, T.ListMyFiles, newId(), null, [pad]]))), "§18 a wrong magic is dropped silently");

  // reply types are never answered, well-formed or not (all sent, then one silence watched)
  other.inbox.length = 0;
  for (const type of REPLY_TYPES) {
    await other.send(envelope1(type, newId(), null, [pad, pad, pad]));
    await other.send(envelope1(type, newId(), null, []));
  }
  check((await other.receive(() => true, SILENCE_MS)) === null, `§8 reply types ${REPLY_TYPES.map((t) => "0x" + t.toString(16)).join(" ")} sent to the tracker are never answered`);

  // §3 skipped-field rules, through the real decoder: an AuthStart whose user name breaks the rule of §15 gets
  // BadRequest naming that rule only when its whole body decoded, trailing fields included.
  const skip = async (rawHex, label, accepted) => {
    const i = newId();
    const reply = await other.request(withExtra(T.AuthStart, i, ["x y", "nonce", 1, 1], rawHex), i);
    const decoded = isError(reply, E.BadRequest) && /spaces or control/.test(reply.v[5][1]);
    check(accepted ? decoded : isError(reply, E.BadRequest) && !decoded, label, describe(reply));
  };
  const f64 = "cb3ff8000000000000";
  await skip([`82 a1 61 92 ${f64} ca3fc00000 01 c0`], "§3 a skipped map (str and int keys) holding float64 and float32 values is accepted", true);
  await skip(["d4 05 00", "c7 03 05 000000", "d6 ff 00000000", "c9 00000002 7f 0000"], "§3 skipped extension values (fixext1, ext8, timestamp −1, ext32) are accepted", true);
  await skip(["91".repeat(16) + "c0"], "§3 a skipped field nested 16 collections deep is accepted", true);
  await skip(["91".repeat(17) + "c0"], "§3 a skipped field nested 17 collections deep is refused with BadRequest", false);
  await skip(["81 a1 6b" + "91".repeat(15) + "c0"], "§3 a skipped map counts as a level: map + 15 arrays is accepted", true);
  await skip(["81 a1 6b" + "91".repeat(16) + "c0"], "§3 map + 16 arrays (17 levels) is refused", false);
  await skip(["da 0384 " + "61".repeat(900)], "§3 a skipped str of 900 bytes (above every field limit) is accepted", true);
  await skip(["c5 0384 " + "00".repeat(900)], "§3 a skipped bin of 900 bytes is accepted", true);
  await skip(["a2 fffe"], "§3 a skipped str that is not valid UTF-8 is refused", false);
  await skip(["dc 0100 " + "00".repeat(256)], "§3 a skipped array of 256 items is accepted", true);
  await skip(["dc 0101 " + "00".repeat(257)], "§3 a skipped array of 257 items is refused", false);
  await skip(["de 0100 " + "0000".repeat(256)], "§3 a skipped map of 256 pairs is accepted", true);
  await skip(["de 0101 " + "0000".repeat(257)], "§3 a skipped map of 257 pairs is refused", false);
  await skip(["c1"], "§3 the reserved byte 0xc1 in a skipped field is refused", false);
  await skip(["c5 0384 00"], "§3 a skipped bin declaring more bytes than the datagram holds is refused", false);

  // §5.3 Leave ends the session at once
  clearInterval(bob.heartbeat);
  const leave = await bob.call(T.Leave, [], "Leave");
  check(leave.type === T.Ok, "Leave gets Ok");
  const afterId = newId();
  bob.counter++;
  const after = await udp.request(signed(bob.keys.request, T.ListMyFiles, afterId, bob.token, bob.counter, [null]), afterId);
  check(isError(after, E.NotAuthenticated) && after.v[1] === 1, "after Leave the token gets unsigned Error(NotAuthenticated)", describe(after));
  if (carol) {
    clearInterval(carol.heartbeat);
    await carol.call(T.Leave, [], "carol: Leave");
  }

  // §10.4 throttle (last: it blocks this address): 3 free failures, then 1 s
  const ghost = `ghost${process.pid}`;
  const codes = [];
  for (let i = 0; i < 4; i++) {
    const sId = newId();
    const ch = await other.request(envelope1(T.AuthStart, sId, null, [ghost, `n${i}`, 0, 1]), sId);
    if (!ch || num(ch.v[2]) !== T.AuthChallenge) { codes.push(`start:${describe(ch)}`); continue; }
    const pId = newId();
    const fail = await other.request(envelope1(T.AuthProof, pId, null, [ch.v[5][0], new Uint8Array(32)]), pId);
    codes.push(fail && num(fail.v[2]) === T.Error ? num(fail.v[5][0]) : describe(fail));
  }
  check(codes.every((c) => c === E.AuthenticationFailed), "§10.4 four failed logins of an unknown user each get Error(AuthenticationFailed)", codes.join(","));
  const tId = newId();
  const throttled = await other.request(envelope1(T.AuthStart, tId, null, [ghost, "n9", 0, 1]), tId);
  check(isError(throttled, E.Throttled) && throttled.v[5][1] === "Too many failed logins; try again in 1 s",
    "§10.4 after the 4th failure (the first beyond 3 free ones) the address is throttled for 1 s", describe(throttled));

  udp.close();
  other.close();
  carolUdp.close();
}

try {
  documentVectors();
  await live();
} catch (error) {
  for (const timer of sessionTimers) clearInterval(timer);
  check(false, "the run completed without an exception", error?.stack ?? String(error));
}
clearTimeout(watchdog);
console.log(`# ${checks - failures}/${checks} checks passed in ${Date.now() - started} ms`);
process.exit(failures === 0 && checks > 0 ? 0 : 1);
