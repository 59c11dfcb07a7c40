// Runs a Pulumi program under the SDK's mocks, with the one real edge we have: every dynamic resource's
// serialised provider is deserialised (as the provider host does) and run against the emulator (check, create).
// Other providers (e.g. @pulumi/random, whose plugin cannot be fetched offline) are answered by the mocks below.
// Usage: node run-with-mocks.js <program dir>; env: MOCK_CONFIG (JSON stack config), MOCK_RANDOM_UUID, MOCK_PET.

const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const requireFromString = require(require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));

const programDir = path.resolve(process.argv[2]);
const project = "mocked";
const stackConfig = JSON.parse(process.env.MOCK_CONFIG || "{}");
const created = [];
const providers = new Map();

pulumi.runtime.setAllConfig(stackConfig);
pulumi.runtime.setMocks(
  {
    async newResource(args) {
      if (args.type.startsWith("pulumi-nodejs:dynamic")) {
        const text = pulumi.runtime.unwrapRpcSecret ? pulumi.runtime.unwrapRpcSecret(args.inputs.__provider) : args.inputs.__provider;
        let provider = providers.get(text);
        if (!provider) {
          provider = requireFromString(text).handler();
          await provider.configure?.({ config: { get: (k) => stackConfig[k.includes(":") ? k : `${project}:${k}`] } });
          providers.set(text, provider);
        }
        const checked = await provider.check({}, args.inputs);
        if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
        const result = await provider.create(checked.inputs);
        created.push({ type: args.type, name: args.name, id: result.id });
        return { id: result.id, state: { ...result.outs, __provider: args.inputs.__provider } };
      }
      if (args.type === "random:index/randomUuid:RandomUuid") {
        return { id: process.env.MOCK_RANDOM_UUID, state: { ...args.inputs, result: process.env.MOCK_RANDOM_UUID } };
      }
      if (args.type === "random:index/randomPet:RandomPet") {
        return { id: process.env.MOCK_PET, state: { ...args.inputs } };
      }
      throw new Error(`no mock for ${args.type}`);
    },
    call: (args) => args.inputs,
  },
  project,
  "test",
  false,
);

require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const program = require(programDir);
pulumi.output(program).apply((outputs) => {
  process.stdout.write(`\n@@result ${JSON.stringify({ outputs, created })}\n`);
});
