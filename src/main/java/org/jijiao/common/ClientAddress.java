package org.jijiao.common;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The address of the person behind a request. Behind the reverse proxy every connection
 * comes from the proxy, so per-address limits would lump the whole city together; the
 * proxy's {@code X-Forwarded-For} is believed only when the connection really comes from a
 * trusted proxy, and then its rightmost untrusted entry is taken (the one the proxy saw).
 */
public final class ClientAddress {

  private final Set<String> trustedProxies;

  public ClientAddress(Set<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  public static ClientAddress fromConfig(String commaSeparated) {
    Set<String> proxies = new java.util.HashSet<>();
    for (String entry : commaSeparated.split(",")) {
      if (!entry.isBlank()) {
        proxies.add(entry.strip());
      }
    }
    return new ClientAddress(proxies);
  }

  public String of(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress().hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > 64 ? hop.substring(0, 64) : hop;
      }
    }
    return peer;
  }
}
