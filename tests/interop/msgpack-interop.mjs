// Cross-check helper for the FileShare MessagePack codec, driven by
// tests/FileShare.Protocol.Tests/Interop/MessagePackInteropTests.cs.
//
//   node msgpack-interop.mjs decode           stdin: one hex string per line  -> stdout: one JSON value per line
//   node msgpack-interop.mjs encode [--float32]  stdin: one JSON value per line -> stdout: one hex string per line
//
// JSON cannot carry every MessagePack value, so a few tagged objects stand in for them, both ways:
//   {"$bin": "<hex>"}          binary (bin8/16/32)
//   {"$bigint": "<decimal>"}   an integer that came in (or must go out) as int64/uint64
// Plain JSON numbers are every other integer and every float. A line that fails prints
// {"$error": "<reason>"} (decode) or "!<reason>" (encode) so one bad input does not hide the others.

import { readFileSync } from "node:fs";
import { decode, encode } from "@msgpack/msgpack";

const [mode, ...flags] = process.argv.slice(2);
const lines = readFileSync(0, "utf8").split("\n").filter((line) => line.trim() !== "");

const toHex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

function fromHex(hex) {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new Error(`not a hex string: ${hex}`);
  }
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

// Decoded value -> plain JSON-able value, with the tags above.
function toJson(value) {
  if (value instanceof Uint8Array) {
    return { $bin: toHex(value) };
  }
  if (typeof value === "bigint") {
    return { $bigint: value.toString() };
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

// Parsed JSON -> value to encode, undoing the tags.
function fromJson(value) {
  if (Array.isArray(value)) {
    return value.map(fromJson);
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$bin") {
      return fromHex(value.$bin);
    }
    if (keys.length === 1 && keys[0] === "$bigint") {
      return BigInt(value.$bigint);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}

const out = [];
if (mode === "decode") {
  for (const line of lines) {
    try {
      out.push(JSON.stringify(toJson(decode(fromHex(line.trim()), { useBigInt64: true }))));
    } catch (err) {
      out.push(JSON.stringify({ $error: String(err && err.message ? err.message : err) }));
    }
  }
} else if (mode === "encode") {
  const options = { useBigInt64: true, forceFloat32: flags.includes("--float32") };
  for (const line of lines) {
    try {
      out.push(toHex(encode(fromJson(JSON.parse(line)), options)));
    } catch (err) {
      out.push(`!${String(err && err.message ? err.message : err)}`);
    }
  }
} else {
  process.stderr.write("usage: node msgpack-interop.mjs decode|encode [--float32] < input\n");
  process.exit(2);
}

process.stdout.write(out.map((line) => `${line}\n`).join(""));
