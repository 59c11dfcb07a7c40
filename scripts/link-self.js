#!/usr/bin/env node
// Makes this checkout resolvable as `pulumi-alicloud-privatelink` from its own programs (the root quick start,
// examples/, tests): the serialised providers load their runtime by package name from the program directory,
// exactly as they do for a user who installed the package from the registry.

const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-alicloud-privatelink");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  const current = fs.readlinkSync(link);
  if (path.resolve(path.dirname(link), current) === root) process.exit(0);
  fs.unlinkSync(link);
} catch (error) {
  if (error.code !== "ENOENT") {
    fs.rmSync(link, { recursive: true, force: true });
  }
}
fs.symlinkSync("..", link, "dir");
