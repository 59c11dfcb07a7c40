// examples/elasticsearch-private-connection under Pulumi's mocks with its real providers against the emulator:
// the service, the Elasticsearch service account whitelisted, the instance's endpoint and the accepted connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as es from "../../src/api/elasticsearch";
import * as api from "../../src/api/privatelink";
import { startEmulator, type Emulator } from "../../src/emulator";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID } from "../../src/emulator/inventory";
import { clientAs } from "../helpers/emulator-clients";
import { actAs, runExample } from "./run-example";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0 });
});
afterAll(async () => emulator?.stop());

describe("examples/elasticsearch-private-connection", () => {
  it("connects the instance to the user's service and accepts the connection", async () => {
    const { outputs } = await runExample("elasticsearch-private-connection", {
      config: {
        "alicloud-privatelink:region": emulator.regionId,
        "alicloud-privatelink:endpoint": emulator.endpoint,
        "mocked:elasticsearchServiceAccount": ELASTICSEARCH_SERVICE_ACCOUNT_ID,
      },
      env: actAs(emulator.accounts.find((x) => x.name === "owner")!),
    });
    expect(outputs.endpointId).toMatch(/^ep-[a-z0-9]{20}$/);
    expect(outputs.endpointDomain).toBe(`${outputs.endpointId}.${outputs.serviceId}.cn-hangzhou.privatelink.aliyuncs.com`);
    expect(outputs.connectionStatus).toBe("Connected");
    const owner = clientAs(emulator, "owner");
    const [listed] = await es.listAllVpcEndpoints(owner, { InstanceId: "es-cn-hzowner0000000000001" });
    expect(listed).toMatchObject({ endpointId: outputs.endpointId, endpointStatus: "Active", connectionStatus: "Connected", serviceId: outputs.serviceId });
    const [connection] = await api.listAllVpcEndpointConnections(owner, { ServiceId: outputs.serviceId });
    expect(connection).toMatchObject({ EndpointOwnerId: ELASTICSEARCH_SERVICE_ACCOUNT_ID, ConnectionStatus: "Connected" });
    expect(connection!.Zones.map((z) => z.ZoneId)).toEqual(["cn-hangzhou-i"]);
  }, 180_000);
});
