import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, THIRD, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

const status = (id: string) => h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["ConnectionStatus"];
const zoneStatuses = (id: string) => h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"].map((z: any) => z.ZoneStatus);

describe("connections", () => {
  it("Enable: Disconnected -> Connecting -> Connected, with the bandwidth and the zones following", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    expect(status(id)).toBe("Disconnected");
    expect(zoneStatuses(id)).toEqual(["Wait"]);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id, Bandwidth: "3000" });
    expect(status(id)).toBe("Connecting");
    expect(zoneStatuses(id)).toEqual(["Connecting"]);
    h.advance(DEFAULT_DELAYS.connectionConnecting - 1);
    expect(status(id)).toBe("Connecting");
    h.advance(1);
    expect(status(id)).toBe("Connected");
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["Bandwidth"]).toBe(3000);
    const conn = h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: id })["Connections"][0];
    expect(conn).toMatchObject({
      EndpointId: id,
      EndpointOwnerId: Number(CONSUMER.accountId),
      EndpointVpcId: INV.consumer.vpc,
      ServiceId: sid,
      Bandwidth: 3000,
      ConnectionStatus: "Connected",
    });
    expect(conn.Zones[0]).toMatchObject({ ZoneId: "cn-hangzhou-h", ResourceId: INV.owner.slbH, VSwitchId: INV.consumer.vswH });
    expect(conn.ModifiedTime).toMatch(/Z$/);
    expect(zoneStatuses(id)).toEqual(["Connected"]);
  });

  it("Enable on Connected and Disable on Disconnected succeed without change", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    h.call(OWNER, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    expect(status(id)).toBe("Disconnected");
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    expect(status(id)).toBe("Connected");
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["Bandwidth"]).toBe(1024);
  });

  it("Disable: Connected -> Disconnecting -> Disconnected; transitional connections refuse", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    expect(h.fail(OWNER, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("EndpointConnectionOperationDenied");
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(OWNER, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    expect(status(id)).toBe("Disconnecting");
    expect(zoneStatuses(id)).toEqual(["Disconnecting"]);
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("EndpointConnectionOperationDenied");
    h.advance(DEFAULT_DELAYS.connectionDisconnecting);
    expect(status(id)).toBe("Disconnected");
    expect(zoneStatuses(id)).toEqual(["Disconnected"]);
    expect(h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid })["Connections"][0].Zones[0].ResourceId).toBe("");
  });

  it("serialises Enable per calling account (spec 4.2.13)", () => {
    h = harness();
    const sid = h.activeService();
    const a = h.endpoint(sid);
    const b = h.endpoint(sid);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: a });
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: b }).code).toBe("EndpointConnectionOperationDenied");
    expect(status(b)).toBe("Disconnected");
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: b });
    expect(status(b)).toBe("Connecting");
  });

  it("checks the service, the connection, the endpoint state, the bandwidth range and the served zones", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid, {}, false);
    expect(h.fail(CONSUMER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("EndpointServiceNotFound");
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: "ep-nope000000000000000000" }).code).toBe("EndpointConnectionNotFound");
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("EndpointOperationDenied"); // still Creating
    h.advance(DEFAULT_DELAYS.endpointCreating);
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id, Bandwidth: "99" }).code).toBe("IllegalParamFormat.Bandwidth");
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id, Bandwidth: "10241" }).code).toBe("IllegalParamFormat.Bandwidth");
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("OperationDenied.NoAvailableServiceResource");
  });

  it("accepts NLB bandwidths up to 25600", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {
      "Resource.1.ResourceId": INV.owner.nlbJ,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-j",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const id = h.endpoint(sid, { "Zone.1.VSwitchId": INV.consumer.vswJ, "Zone.1.ZoneId": "cn-hangzhou-j" });
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id, Bandwidth: "25600" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["Bandwidth"]).toBe(25600);
  });

  it("auto-accepts once the endpoint is Active when the service says so", () => {
    h = harness();
    const sid = h.activeService({ AutoAcceptEnabled: "true" });
    const id = h.endpoint(sid, {}, false);
    h.advance(DEFAULT_DELAYS.endpointCreating);
    expect(status(id)).toBe("Connecting");
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    expect(status(id)).toBe("Connected");
    expect(zoneStatuses(id)).toEqual(["Connected"]);
  });

  it("UpdateVpcEndpointConnectionAttribute: Connected -> Pending -> Connected with the new bandwidth", () => {
    h = harness();
    const sid = h.activeService({ AutoAcceptEnabled: "true" });
    const id = h.endpoint(sid);
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(OWNER, "UpdateVpcEndpointConnectionAttribute", { ServiceId: sid, EndpointId: id, Bandwidth: "2048" });
    expect(status(id)).toBe("Pending");
    expect(h.fail(OWNER, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }).code).toBe("EndpointConnectionOperationDenied");
    h.advance(DEFAULT_DELAYS.connectionPending);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({ ConnectionStatus: "Connected", Bandwidth: 2048 });
    h.world.patchObject("service", sid, { ServiceBusinessStatus: "FinancialLocked" });
    expect(h.fail(OWNER, "UpdateVpcEndpointConnectionAttribute", { ServiceId: sid, EndpointId: id, Bandwidth: "300" }).code).toBe("EndpointServiceLocked");
  });

  it("lists connections on the owner's side only, with optional filters", () => {
    h = harness();
    const sid = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: THIRD.accountId });
    const a = h.endpoint(sid);
    const t = h.call(THIRD, "CreateVpcEndpoint", {
      VpcId: "vpc-hzthird0000000000001",
      ServiceId: sid,
      "SecurityGroupId.1": "sg-hzthird0000000000001",
    })["EndpointId"];
    const ids = (p: Record<string, string>) =>
      h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, ...p })["Connections"].map((c: any) => c.EndpointId);
    expect(ids({})).toEqual([a, t]);
    expect(ids({ EndpointOwnerId: THIRD.accountId })).toEqual([t]);
    expect(ids({ ConnectionStatus: "Disconnected", EndpointId: a })).toEqual([a]);
    expect(ids({ MaxResults: "1" })).toEqual([a]);
    expect(h.fail(CONSUMER, "ListVpcEndpointConnections", { ServiceId: sid }).code).toBe("EndpointServiceNotFound");
    expect(h.fail(OWNER, "ListVpcEndpointConnections", {}).code).toBe("MissingParam.ServiceId");
  });

  it("marks the endpoints of a deleted service ServiceDeleted", () => {
    h = harness();
    const sid = h.activeService({ AutoAcceptEnabled: "true" });
    const id = h.endpoint(sid);
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbI, ResourceType: "slb" });
    h.call(OWNER, "DeleteVpcEndpointService", { ServiceId: sid });
    expect(status(id)).toBe("Connected");
    h.advance(DEFAULT_DELAYS.serviceDeleting);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({ EndpointStatus: "Active", ConnectionStatus: "ServiceDeleted" });
    expect(h.call(CONSUMER, "ListVpcEndpoints", { ConnectionStatus: "ServiceDeleted" })["Endpoints"]).toHaveLength(1);
    expect(zoneStatuses(id)).toEqual(["Disconnected"]);
    // The endpoint can still be deleted.
    h.call(CONSUMER, "DeleteVpcEndpoint", { EndpointId: id });
    h.advance(DEFAULT_DELAYS.endpointDeleting);
    expect(h.fail(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id }).code).toBe("EndpointNotFound");
  });
});
