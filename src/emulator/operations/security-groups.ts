// Security groups of an endpoint (spec 2.9, 4.2.11).

import { sgKey } from "../store";
import { paginate } from "../validate";
import { ENDPOINT_SECURITY_GROUPS } from "../../spec/constraints";
import { apiError, commitOrDryRun, connectionNotTransitional, endpointNotLocked, endpointNotTransitional, ownEndpoint, regionOf, type Handler } from "./common";

export const securityGroupOperations: Record<string, Handler> = {
  AttachSecurityGroupToVpcEndpoint: (p, ctx, w) => {
    const region = regionOf(p, w);
    const ep = ownEndpoint(w, ctx, region, p.requireStr("EndpointId"));
    const sgId = p.requireStr("SecurityGroupId");
    endpointNotTransitional(ep);
    endpointNotLocked(ep);
    connectionNotTransitional(ep);
    if (ep.endpointType === "GatewayLoadBalancer") throw apiError("GatewayLoadBalancerNotSupportSecurityGroup");
    const sg = w.inventory.securityGroup(sgId);
    if (!sg || sg.ownerId !== ctx.accountId || sg.regionId !== region || sg.vpcId !== ep.vpcId) throw apiError("SecurityGroupNotFound");
    const attached = w.store.securityGroupsOf(ep.endpointId).filter((a) => a.status !== "Detaching");
    if (attached.some((a) => a.securityGroupId === sgId)) throw apiError("SecurityGroupExist");
    const types = new Set(attached.map((a) => w.inventory.securityGroup(a.securityGroupId)?.type).filter(Boolean));
    if (types.size > 0 && !types.has(sg.type)) throw apiError("SecurityGroupTypeOnlySingleTypeSupporteded");
    if (attached.length >= ENDPOINT_SECURITY_GROUPS.maxAtCreate) throw apiError("QuotaMisMatched");
    commitOrDryRun(p, ctx, w);
    // Attaching while the endpoint is Pending (its ENIs are updated, decision); Attached when it is Active again.
    w.store.securityGroupAttachments.set(sgKey(ep.endpointId, sgId), {
      seq: w.store.nextSeq(),
      endpointId: ep.endpointId,
      securityGroupId: sgId,
      status: "Attaching",
    });
    ep.status = "Pending";
    w.lifecycle.schedule("endpoint", ep.endpointId, "endpointPending", "Pending", "Active");
    return {};
  },

  ListVpcEndpointSecurityGroups: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    const page = paginate(w.store.securityGroupsOf(ep.endpointId), p, w.tokens, `${p.action}:${ctx.accountId}:${ep.endpointId}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: page.totalCount,
      SecurityGroups: page.items.map((a) => ({ SecurityGroupId: a.securityGroupId, SecurityGroupStatus: a.status })),
    };
  },

  DetachSecurityGroupFromVpcEndpoint: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    const sgId = p.requireStr("SecurityGroupId");
    // The endpoint guards of Attach apply here too (decision).
    endpointNotTransitional(ep);
    endpointNotLocked(ep);
    connectionNotTransitional(ep);
    const attached = w.store.securityGroupsOf(ep.endpointId).filter((a) => a.status !== "Detaching");
    if (!attached.some((a) => a.securityGroupId === sgId)) throw apiError("SecurityGroupNotFound");
    if (attached.length === 1) throw apiError("EndpointMustContainSecurityGroup");
    commitOrDryRun(p, ctx, w);
    // Listed as Detaching until the endpoint is Active again.
    w.store.securityGroupAttachments.get(sgKey(ep.endpointId, sgId))!.status = "Detaching";
    ep.status = "Pending";
    w.lifecycle.schedule("endpoint", ep.endpointId, "endpointPending", "Pending", "Active");
    return {};
  },
};
