// Runs one example program in a child process under Pulumi's mocks (run-with-mocks.js), with its PrivateLink
// resources running their real serialised providers against the emulator, and returns its outputs.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const root = path.resolve(__dirname, "../..");

export interface ExampleRun {
  outputs: Record<string, any>;
  created: { type: string; name: string; id: string }[];
}

export async function runExample(example: string, options: { config: Record<string, string>; env?: Record<string, string> }): Promise<ExampleRun> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, "run-with-mocks.js"), path.join(root, "examples", example)], {
    cwd: root,
    env: { ...process.env, ALIBABA_CLOUD_ACCESS_KEY_ID: "", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "", ...options.env, MOCK_CONFIG: JSON.stringify(options.config) },
    timeout: 120_000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("@@result "));
  if (!line) throw new Error(`examples/${example} printed no result:\n${stdout}`);
  return JSON.parse(line.slice("@@result ".length));
}

/** Environment that makes the providers and lookups act as one emulator account. */
export function actAs(account: { accessKeyId: string; accessKeySecret: string }): Record<string, string> {
  return { ALIBABA_CLOUD_ACCESS_KEY_ID: account.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: account.accessKeySecret };
}
